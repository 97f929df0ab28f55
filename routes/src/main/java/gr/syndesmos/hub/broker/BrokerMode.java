package gr.syndesmos.hub.broker;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Which broker the hub uses: its own, embedded (the default), or an external Artemis broker or HA pair named by
 * {@code SYNDESMOS_BROKER_URL} (production with several hubs).
 */
public final class BrokerMode {

    public static final String URL_PROPERTY = "syndesmos.broker.url";

    private BrokerMode() {
    }

    public static boolean external(Environment environment) {
        return StringUtils.hasText(environment.getProperty(URL_PROPERTY));
    }

    /** Beans of the embedded broker. */
    public static class Embedded implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !external(context.getEnvironment());
        }
    }

    /** Beans of an external broker. */
    public static class External implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return external(context.getEnvironment());
        }
    }

    /** The URL with any password in it (a trust or key store's) hidden, for the log and health. */
    public static String shown(String url) {
        return url == null ? null : url.replaceAll("(?i)(password=)[^;&)]*", "$1***");
    }
}
