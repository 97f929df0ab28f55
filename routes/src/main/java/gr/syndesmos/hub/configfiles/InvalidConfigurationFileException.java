package gr.syndesmos.hub.configfiles;

import java.util.List;

/**
 * Configuration files with problems (municipalities, flows): the hub does not start, and says where (file and line)
 * and what is wrong, every problem at once.
 */
public class InvalidConfigurationFileException extends IllegalStateException {

    private final List<String> problems;

    public InvalidConfigurationFileException(String what, List<String> problems) {
        super(what + " has " + problems.size() + " problem(s); the hub does not start:\n  "
                + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each one as {@code <file>:<line>: <problem>}. */
    public List<String> problems() {
        return problems;
    }
}
