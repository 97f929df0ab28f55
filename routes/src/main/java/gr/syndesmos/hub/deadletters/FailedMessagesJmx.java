package gr.syndesmos.hub.deadletters;

import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jmx.export.annotation.AnnotationMBeanExporter;
import org.springframework.stereotype.Component;

/**
 * Registers one {@link FailedMessageQueue} MBean per municipality and destination:
 * {@code gr.syndesmos:type=FailedMessages,municipality=9318,destination=diavgeia}. The municipality key is what the
 * Jolokia restrictor scopes by.
 */
@Component
public class FailedMessagesJmx implements DisposableBean {

    public static final String DOMAIN = "gr.syndesmos";

    private final FailedMessages failed;
    private final MunicipalityRegistry municipalities;
    private final AnnotationMBeanExporter exporter = new AnnotationMBeanExporter();
    private final List<ObjectName> registered = new ArrayList<>();

    public FailedMessagesJmx(FailedMessages failed, MunicipalityRegistry municipalities) {
        this.failed = failed;
        this.municipalities = municipalities;
        exporter.setServer(ManagementFactory.getPlatformMBeanServer());
        // A second hub in the same JVM (tests) takes the names over rather than failing.
        exporter.setRegistrationPolicy(org.springframework.jmx.support.RegistrationPolicy.REPLACE_EXISTING);
    }

    public static ObjectName name(String municipality, String destination) throws MalformedObjectNameException {
        return new ObjectName(DOMAIN + ":type=FailedMessages,municipality=" + municipality + ",destination="
                + destination);
    }

    @EventListener(ApplicationReadyEvent.class)
    public void register() throws MalformedObjectNameException {
        for (String[] queue : failed.allQueues()) {
            String name = municipalities.require(queue[0]).name();
            ObjectName objectName = name(queue[0], queue[1]);
            exporter.registerManagedResource(new FailedMessageQueue(failed, queue[0], name, queue[1], queue[2]),
                    objectName);
            registered.add(objectName);
        }
    }

    @Override
    public void destroy() {
        registered.forEach(exporter::unregisterManagedResource);
    }
}
