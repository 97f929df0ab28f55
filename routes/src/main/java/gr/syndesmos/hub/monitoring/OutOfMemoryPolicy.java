package gr.syndesmos.hub.monitoring;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * A JVM that ran out of memory may go on with some threads dead (an inbox, a timer) while HTTP and health still
 * answer: a hub that looks alive and takes nothing in. The hub must run with {@code -XX:+ExitOnOutOfMemoryError}, so
 * that it ends and its supervisor (systemd, the container runtime) starts it again; the flag cannot be switched on
 * from inside, so a hub started without it says so at start.
 */
@Component
class OutOfMemoryPolicy implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(OutOfMemoryPolicy.class);

    @Override
    public void afterPropertiesSet() {
        if (!exitsOnOutOfMemory()) {
            LOG.warn("The JVM runs without -XX:+ExitOnOutOfMemoryError: after an OutOfMemoryError the hub could stay "
                    + "up with parts of it dead. Start it with: java -XX:+ExitOnOutOfMemoryError -jar syndesmos-hub.jar");
        }
    }

    static boolean exitsOnOutOfMemory() {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotSpot != null && (Boolean.parseBoolean(hotSpot.getVMOption("ExitOnOutOfMemoryError").getValue())
                    || Boolean.parseBoolean(hotSpot.getVMOption("CrashOnOutOfMemoryError").getValue()));
        } catch (RuntimeException unknownJvm) {
            return false;
        }
    }
}
