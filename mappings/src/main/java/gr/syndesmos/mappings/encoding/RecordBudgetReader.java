package gr.syndesmos.mappings.encoding;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.util.function.Supplier;

/**
 * Counts the characters read since the reader last started a record and stops the file once a record goes over its
 * budget, so that one huge element (a text of gigabytes, a record without end) fails fast instead of filling the
 * heap. The count includes what the parser reads ahead, so the budget is a bound, not an exact size.
 */
public final class RecordBudgetReader extends FilterReader {

    private final long budget;
    private final Supplier<RuntimeException> overBudget;
    private long used;

    public RecordBudgetReader(Reader in, long budget, Supplier<RuntimeException> overBudget) {
        super(in);
        this.budget = budget;
        this.overBudget = overBudget;
    }

    /** A new record starts: its budget is whole again. */
    public void newRecord() {
        used = 0;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            spend(1);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            spend(n);
        }
        return n;
    }

    private void spend(int n) {
        used += n;
        if (used > budget) {
            throw overBudget.get();
        }
    }
}
