package gr.syndesmos.hub.municipality;

import java.util.List;

/** Municipality files with problems: the hub does not start, and says where (file and line) and what is wrong. */
public class InvalidMunicipalityFileException extends IllegalStateException {

    private final List<String> problems;

    public InvalidMunicipalityFileException(List<String> problems) {
        super("Municipality configuration has " + problems.size() + " problem(s); the hub does not start:\n  "
                + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each one as {@code <file>:<line>: <problem>}. */
    public List<String> problems() {
        return problems;
    }
}
