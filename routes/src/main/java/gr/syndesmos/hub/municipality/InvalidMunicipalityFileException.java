package gr.syndesmos.hub.municipality;

import gr.syndesmos.hub.configfiles.InvalidConfigurationFileException;
import java.util.List;

/** Municipality files with problems: the hub does not start, and says where (file and line) and what is wrong. */
public class InvalidMunicipalityFileException extends InvalidConfigurationFileException {

    public InvalidMunicipalityFileException(List<String> problems) {
        super("Municipality configuration", problems);
    }
}
