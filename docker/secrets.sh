#!/usr/bin/env bash
# Makes docker/secrets/ for docker/compose.yml: random passwords, a TLS key store for the brokers (one certificate
# naming both, self-signed: put the region's own certificate there for production) and its trust store, the hubs'
# accounts (a region admin and the Prometheus viewer; their passwords printed once) and docker/.env. Never committed.
set -euo pipefail
cd "$(dirname "$0")"
out=secrets
[[ -e $out/broker-hub-password ]] && { echo "$out/ exists already: remove it to make new secrets" >&2; exit 1; }
mkdir -p "$out" && chmod 700 "$out"
random() { head -c 24 /dev/urandom | base64 | tr -d '/+=\n'; }
for name in broker-hub-password broker-cluster-password broker-keystore-password broker-truststore-password \
            state-db-password prometheus-password; do
    random > "$out/$name"
done
keytool -genkeypair -alias broker -keyalg RSA -keysize 3072 -validity 825 -dname CN=syndesmos-broker \
    -ext SAN=dns:artemis-primary,dns:artemis-backup -keystore "$out/broker-keystore.p12" -storetype PKCS12 \
    -storepass "$(cat $out/broker-keystore-password)" >/dev/null 2>&1
keytool -exportcert -alias broker -keystore "$out/broker-keystore.p12" \
    -storepass "$(cat $out/broker-keystore-password)" -file "$out/broker.cer" >/dev/null 2>&1
keytool -importcert -noprompt -alias broker -file "$out/broker.cer" -keystore "$out/broker-truststore.p12" \
    -storetype PKCS12 -storepass "$(cat $out/broker-truststore-password)" >/dev/null 2>&1
admin=$(random)
hash() { printf '%s' "$1" | java -jar ../routes/target/syndesmos-hub.jar hash-password; }
cat > "$out/hub-users.yml" <<USERS
users:
  - name: region-admin
    password: "$(hash "$admin")"
    roles: [admin]
    municipalities: ["*"]
  - name: prometheus
    password: "$(hash "$(cat $out/prometheus-password)")"
    roles: [viewer]
    municipalities: ["*"]
USERS
printf 'chania-db-password: %s\n' "$(cat $out/state-db-password)" > "$out/hub-secrets.yml"
printf 'BROKER_TRUSTSTORE_PASSWORD=%s\n' "$(cat $out/broker-truststore-password)" > .env
# The containers' users (hub 10001, broker 10002) read the files through the bind mount.
chmod 644 "$out"/*
echo "docker/secrets/ written. The hubs' admin: region-admin / $admin (shown once)"
