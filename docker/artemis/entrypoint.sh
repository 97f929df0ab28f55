#!/bin/sh
# Starts one broker of the region: makes its instance on first start (Artemis's own `artemis create`, login
# required, no web console), puts the broker.xml of its role in place and runs it in the foreground.
#
# Settings (environment):
#   SYNDESMOS_BROKER_ROLE       single | primary | backup
#   SYNDESMOS_BROKER_HOST       how the hubs and the partner reach this broker (its service name)
#   SYNDESMOS_BROKER_PARTNER    the partner's host (primary and backup only)
#   SYNDESMOS_BROKER_XML        a region's own broker.xml (from `syndesmos-hub.jar broker-config`) instead of the
#                               image's, written for the shipped sample region
# Secrets (files, e.g. mounted under /run/secrets):
#   broker-hub-password         the hubs' account (syndesmos-hub)
#   broker-cluster-password     between primary and backup
#   broker-keystore.p12         the TLS key and certificate of the acceptor, broker-keystore-password its password
#   broker-truststore.p12       what the partner's certificate is checked against, broker-truststore-password
#   broker-accounts             optional: one municipality account a line, "user role password"
set -eu
secrets=${SYNDESMOS_SECRETS_DIR:-/run/secrets}
instance=/var/lib/artemis-instance
role=${SYNDESMOS_BROKER_ROLE:?SYNDESMOS_BROKER_ROLE is single, primary or backup}
secret() {
    [ -r "$secrets/$1" ] || { echo "entrypoint: the secret $secrets/$1 is missing" >&2; exit 1; }
    tr -d '\n' < "$secrets/$1"
}

if [ ! -f "$instance/etc/broker.xml" ]; then
    /opt/artemis/bin/artemis create "$instance" --force --silent --no-web --no-autotune --require-login \
        --user syndesmos-hub --password "$(secret broker-hub-password)" --role hub --host 0.0.0.0 >/dev/null
    sh /opt/syndesmos-broker/configure-instance.sh "$instance"
    if [ -r "$secrets/broker-accounts" ]; then
        # Kept hashed (one-way), as `artemis create` keeps the hubs' account.
        while read -r user account_role password; do
            [ -n "$user" ] || continue
            hash=$(/opt/artemis/bin/artemis mask --hash "$password" | sed -n 's/^result: //p')
            printf '%s = ENC(%s)\n' "$user" "$hash" >> "$instance/etc/artemis-users.properties"
            printf '%s = %s\n' "$account_role" "$user" >> "$instance/etc/artemis-roles.properties"
        done < "$secrets/broker-accounts"
    fi
fi
cp "${SYNDESMOS_BROKER_XML:-/opt/syndesmos-broker/$role/broker.xml}" "$instance/etc/broker.xml"

JAVA_ARGS_APPEND="-Dsyndesmos.host=${SYNDESMOS_BROKER_HOST:?SYNDESMOS_BROKER_HOST names this broker} \
 -Dsyndesmos.bind=0.0.0.0 -Dsyndesmos.data.dir=$instance/data \
 -Dsyndesmos.keystore.path=$secrets/broker-keystore.p12 \
 -Dsyndesmos.keystore.password=$(secret broker-keystore-password) \
 -Dsyndesmos.truststore.path=$secrets/broker-truststore.p12 \
 -Dsyndesmos.truststore.password=$(secret broker-truststore-password) \
 -Dsyndesmos.cluster.password=$(secret broker-cluster-password)"
if [ "$role" != single ]; then
    JAVA_ARGS_APPEND="$JAVA_ARGS_APPEND -Dsyndesmos.partner.host=${SYNDESMOS_BROKER_PARTNER:?the partner's host}"
fi
export JAVA_ARGS_APPEND
exec "$instance/bin/artemis" run
