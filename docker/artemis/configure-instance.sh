#!/bin/sh
# Turns a broker instance made by Artemis's own `artemis create` into a Syndesmos region broker, beside the
# broker.xml that `syndesmos-hub.jar broker-config` writes for it. Used by the broker image (Dockerfile) and by the
# tests that run brokers as processes, so both are configured alike.
#
#   configure-instance.sh INSTANCE_DIR
set -eu
instance=$1

# Who tried what they may not do (a municipality's account sending to another's address, a wrong password) goes to
# log/audit.log: the account, the address and the reason, never a message body.
sed -i 's/^logger.audit_base.level = OFF/logger.audit_base.level = INFO/' "$instance/etc/log4j2.properties"

# The broker's own web console and Jolokia stay off: operators work in the hubs' console (Hawtio), and a second web
# door on the broker would need its own accounts and TLS.
if grep -q '<web ' "$instance/etc/bootstrap.xml"; then
    echo "configure-instance.sh: $instance was created with its web console; create it with --no-web" >&2
    exit 1
fi
