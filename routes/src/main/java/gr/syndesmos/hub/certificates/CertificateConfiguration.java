package gr.syndesmos.hub.certificates;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The callers of the certificate endpoint: the region's callers file ({@code SYNDESMOS_CALLERS}); without one, the
 * development callers of the shared samples while the stand-ins are on, and nobody otherwise (every call 401).
 */
@Configuration(proxyBeanMethods = false)
public class CertificateConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateConfiguration.class);
    static final String DEVELOPMENT_CALLERS = "/certificates/development-callers.yml";

    @Bean
    CertificateCallers certificateCallers(@Value("${syndesmos.certificates.callers-file:}") String file,
            @Value("${syndesmos.sandbox.enabled:false}") boolean standIns) throws IOException {
        if (StringUtils.hasText(file)) {
            CertificateCallers callers = CertificateCallers.read(Path.of(file));
            LOG.info("Certificate endpoint: {} callers from {}", callers.all().size(), file);
            return callers;
        }
        if (standIns) {
            try (InputStream in = CertificateConfiguration.class.getResourceAsStream(DEVELOPMENT_CALLERS)) {
                CertificateCallers callers = CertificateCallers.read(in, "classpath:" + DEVELOPMENT_CALLERS);
                LOG.warn("Certificate endpoint: the development callers of the samples ({}), because the stand-ins "
                        + "are on and SYNDESMOS_CALLERS names no callers file; never in production",
                        callers.all().stream().map(CertificateCallers.Caller::name).toList());
                return callers;
            }
        }
        LOG.info("Certificate endpoint: no callers file (SYNDESMOS_CALLERS): every call is refused as "
                + "unauthenticated");
        return CertificateCallers.none();
    }
}
