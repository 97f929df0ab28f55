package gr.syndesmos.hub.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

class GroupCommitTest {

    private JdbcTemplate jdbc;
    private GroupCommit commits;
    private final AtomicInteger transactions = new AtomicInteger();

    @BeforeEach
    void database() {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:group-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        jdbc = new JdbcTemplate(database);
        jdbc.execute("create table delivered (id varchar(16) primary key)");
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(database) {
            @Override
            protected void doCommit(org.springframework.transaction.support.DefaultTransactionStatus status) {
                transactions.incrementAndGet();
                super.doCommit(status);
            }
        });
        commits = new GroupCommit(tx, "test-group-commit");
    }

    @AfterEach
    void stop() {
        commits.close();
    }

    @Test
    void writersAtOnceShareCommitsAndEachReturnsOnlyOnceItsWriteIsCommitted() throws Exception {
        int writers = 16;
        int each = 50;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Callable<Integer>> work = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            work.add(() -> {
                start.await();
                int seen = 0;
                for (int i = 0; i < each; i++) {
                    String id = writer + "-" + i;
                    commits.commit(() -> {
                        assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isTrue();
                        return jdbc.update("insert into delivered (id) values (?)", id);
                    });
                    // Committed: another connection sees it at once.
                    seen += jdbc.queryForObject("select count(*) from delivered where id = ?", Integer.class, id);
                }
                return seen;
            });
        }
        List<Future<Integer>> results = new ArrayList<>();
        for (Callable<Integer> c : work) {
            results.add(pool.submit(c));
        }
        start.countDown();
        int seen = 0;
        for (Future<Integer> result : results) {
            seen += result.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(seen).isEqualTo(writers * each);
        assertThat(jdbc.queryForObject("select count(*) from delivered", Integer.class)).isEqualTo(writers * each);
        assertThat(transactions.get()).as("commits for %d writes", writers * each).isLessThan(writers * each);
    }

    @Test
    void aWriteThatFailsIsTheOnlyOneToldAndTheOthersOfItsGroupAreCommitted() throws Exception {
        jdbc.update("insert into delivered (id) values ('taken')");
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Integer>> results = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String id = w == 3 ? "taken" : "new-" + w;
            results.add(pool.submit(() -> {
                start.await();
                return commits.commit(() -> jdbc.update("insert into delivered (id) values (?)", id));
            }));
        }
        start.countDown();
        int failed = 0;
        for (int w = 0; w < writers; w++) {
            try {
                assertThat(results.get(w).get(30, TimeUnit.SECONDS)).isEqualTo(1);
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(w).isEqualTo(3);
                assertThat(e.getCause()).isInstanceOf(DataIntegrityViolationException.class);
                failed++;
            }
        }
        pool.shutdown();
        assertThat(failed).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from delivered", Integer.class)).isEqualTo(writers);
    }

    @Test
    void afterClosingEveryWriteStillCommitsInATransactionOfItsOwn() {
        commits.close();
        assertThat(commits.commit(() -> jdbc.update("insert into delivered (id) values ('late')"))).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from delivered", Integer.class)).isEqualTo(1);
        assertThatThrownBy(() -> commits.commit(() -> jdbc.update("insert into delivered (id) values ('late')")))
                .isInstanceOf(DataIntegrityViolationException.class);
    }
}
