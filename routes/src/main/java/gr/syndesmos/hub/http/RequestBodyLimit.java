package gr.syndesmos.hub.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.util.unit.DataSize;

/**
 * The most one HTTP request body may hold, checked before anything reads it (sign-in included, so an anonymous
 * caller cannot fill the hub's memory): a declared {@code Content-Length} over the limit is answered 413 at once,
 * and a body sent without one stops being read at the limit. The stand-ins take less than the rest: they only ever
 * receive one decision's metadata or one record.
 */
public class RequestBodyLimit implements Filter {

    private final long limit;
    private final long standInLimit;

    public RequestBodyLimit(DataSize limit, DataSize standInLimit) {
        this.limit = limit.toBytes();
        this.standInLimit = standInLimit.toBytes();
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        long max = request.getRequestURI().startsWith(request.getContextPath() + "/sandbox/") ? standInLimit : limit;
        long declared = request.getContentLengthLong();
        if (declared > max) {
            HttpServletResponse response = (HttpServletResponse) servletResponse;
            response.setHeader("Connection", "close");
            response.sendError(413, "The request body is larger than " + max + " bytes");
            return;
        }
        chain.doFilter(declared >= 0 ? request : new Bounded(request, max), servletResponse);
    }

    /** A request whose body cannot be read past the limit. */
    private static final class Bounded extends HttpServletRequestWrapper {
        private final long max;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), max);
            }
            return stream;
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long max;
        private long read;

        CountingStream(ServletInputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > max) {
                throw new IOException("The request body is larger than " + max + " bytes");
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
