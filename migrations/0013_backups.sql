-- How many automatic daily backups the desk keeps in its `backups` folder (beside the store
-- file); older ones are deleted as a new one is made. A supervisor's choice, 1 to 60.
ALTER TABLE desk_settings
    ADD COLUMN backups_kept INTEGER NOT NULL DEFAULT 7 CHECK (backups_kept BETWEEN 1 AND 60);
