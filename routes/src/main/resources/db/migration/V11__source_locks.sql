-- Which hub reads which source (an inbox, a database poller, an MQTT subscription, a timer) when several hubs of a
-- region share this database: Spring Integration's JDBC lock table (its own layout), one row per held lock, taken
-- over by another hub when its holder stops renewing it.
CREATE TABLE SYNDESMOS_LOCK (
    LOCK_KEY CHAR(36) NOT NULL,
    REGION VARCHAR(100) NOT NULL,
    CLIENT_ID CHAR(36),
    CREATED_DATE TIMESTAMP NOT NULL,
    CONSTRAINT SYNDESMOS_LOCK_PK PRIMARY KEY (LOCK_KEY, REGION)
);
