-- The people who use this desk (operators), and two desk-wide settings they need: the shop's name
-- (receipts print it) and when the desk locks itself.
--
-- Conventions as in 0001: instants are INTEGER microseconds since the Unix epoch, UTC; ids made on
-- this device are UUIDv7 as 16-byte BLOBs.

CREATE TABLE operators (
    id              BLOB    PRIMARY KEY CHECK (length(id) = 16),
    -- NOCASE: "amina" and "Amina" at one desk could not be told apart on the lock screen.
    name            TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) BETWEEN 1 AND 40),
    role            TEXT    NOT NULL CHECK (role IN ('cashier', 'supervisor')),
    -- Only a slow hash of the PIN is kept: an argon2id PHC string ($argon2id$v=19$m=…$salt$hash),
    -- which carries its own salt and cost, so a later version can raise the cost and still
    -- verify the PINs hashed before. A 4–8 digit PIN is weak on its own: the cost and the
    -- throttle below are what make guessing it slow.
    pin_hash        TEXT    NOT NULL CHECK (pin_hash LIKE '$argon2id$%'),
    -- A deactivated operator keeps their row (history and receipts name them) but cannot sign in.
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at      INTEGER NOT NULL,
    -- The wrong-PIN throttle, kept here so that restarting the app does not reset it: wrong PINs
    -- in a row since the last right one, and until when sign-in is refused without looking at
    -- the PIN (NULL: not locked).
    failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked_until    INTEGER
);

-- The defaults are what a desk had before this version: the business's name, and never lock by
-- itself (a single-person desk).
ALTER TABLE desk_settings ADD COLUMN shop_name TEXT NOT NULL DEFAULT 'Infora WiFi'
    CHECK (length(trim(shop_name)) BETWEEN 1 AND 60);
ALTER TABLE desk_settings ADD COLUMN idle_lock_minutes INTEGER
    CHECK (idle_lock_minutes IS NULL OR idle_lock_minutes BETWEEN 1 AND 240);
