-- Support tickets opened at this desk (a field agent's, often offline). They sit beside central's
-- in `tickets`, numbered in this desk's own series, and are kept here: the central API has no
-- route to create them. `opened_by` names the operator; central's tickets leave it null.
ALTER TABLE tickets ADD COLUMN opened_by TEXT;
ALTER TABLE desk_identity ADD COLUMN next_ticket INTEGER NOT NULL DEFAULT 1;
