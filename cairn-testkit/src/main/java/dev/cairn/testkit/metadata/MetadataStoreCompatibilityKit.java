package dev.cairn.testkit.metadata;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.metadata.MetadataBatch;
import dev.cairn.metadata.MetadataConflictException;
import dev.cairn.metadata.MetadataEntry;
import dev.cairn.metadata.MetadataStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link MetadataStore} must have, as tests: the contract in the javadoc of
 * {@link MetadataStore} and {@link MetadataBatch}, checked the same way for each implementation.
 *
 * <p>To check an implementation, make a test class that extends this and implement the abstract methods:
 *
 * <pre>{@code
 * class LogMetadataStoreTest extends MetadataStoreCompatibilityKit {
 *     @TempDir Path directory;
 *     private @Nullable MetadataStore current;
 *
 *     @Override protected MetadataStore open() {
 *         current = LogMetadataStore.open(directory);
 *         return current;
 *     }
 *
 *     @Override protected MetadataStore reopen() {
 *         current.close();
 *         return open();
 *     }
 * }
 * }</pre>
 *
 * <p>The kit calls {@link #open()} once before each test and closes the store it holds after each test.
 */
public abstract class MetadataStoreCompatibilityKit {

    private static final String USERS = "users";
    private static final String KEYS = "keys";

    /** The store under test; tests replace it with the result of {@link #reopen()}. */
    private MetadataStore store;

    /**
     * Opens the store under test on its storage. The kit calls this once before each test, and the
     * storage must be empty then (a fresh temporary directory, schema or instance per test).
     */
    protected abstract MetadataStore open();

    /**
     * Closes the store last returned by {@link #open()} or {@link #reopen()} and opens the same storage
     * again, as a restart of the process would, returning the new store.
     */
    protected abstract MetadataStore reopen();

    @BeforeEach
    final void openStoreUnderTest() {
        store = open();
    }

    @AfterEach
    final void closeStoreUnderTest() {
        store.close();
    }

    // get, put, delete

    @Test
    void getOfAMissingKeyIsEmpty() {
        assertThat(store.get(USERS, "alice")).isEmpty();
    }

    @Test
    void getReturnsWhatPutStored() {
        apply(b -> b.put(USERS, "alice", utf8("admin")));

        assertThat(read(USERS, "alice")).contains("admin");
    }

    @Test
    void putReplacesTheValueOfAnExistingKey() {
        apply(b -> b.put(USERS, "alice", utf8("admin")));
        apply(b -> b.put(USERS, "alice", utf8("auditor")));

        assertThat(read(USERS, "alice")).contains("auditor");
        assertThat(store.list(USERS, "")).hasSize(1);
    }

    @Test
    void deleteRemovesTheKey() {
        apply(b -> b.put(USERS, "alice", utf8("admin")).put(USERS, "bob", utf8("dev")));
        apply(b -> b.delete(USERS, "alice"));

        assertThat(store.get(USERS, "alice")).isEmpty();
        assertThat(read(USERS, "bob")).contains("dev");
    }

    @Test
    void deletingAnAbsentKeyIsIgnored() {
        apply(b -> b.delete(USERS, "nobody"));

        assertThat(store.get(USERS, "nobody")).isEmpty();
        assertThat(store.list(USERS, "")).isEmpty();
    }

    @Test
    void oneBatchCanChangeSeveralTablesAndKeys() {
        apply(b -> b.put(USERS, "alice", utf8("a")).put(USERS, "bob", utf8("b")).put(KEYS, "AKIA1", utf8("alice")));

        assertThat(read(USERS, "alice")).contains("a");
        assertThat(read(USERS, "bob")).contains("b");
        assertThat(read(KEYS, "AKIA1")).contains("alice");
    }

    @Test
    void stepsOnTheSameKeyApplyInOrderSoTheLastOneWins() {
        apply(b -> b.put(USERS, "deleted", utf8("1")).delete(USERS, "deleted"));
        apply(b -> b.delete(USERS, "recreated").put(USERS, "recreated", utf8("2")));
        apply(b -> b.put(USERS, "replaced", utf8("1")).put(USERS, "replaced", utf8("3")));

        assertThat(store.get(USERS, "deleted")).isEmpty();
        assertThat(read(USERS, "recreated")).contains("2");
        assertThat(read(USERS, "replaced")).contains("3");
    }

    @Test
    void anEmptyBatchChangesNothing() {
        apply(b -> b.put(USERS, "alice", utf8("admin")));

        store.apply(MetadataBatch.builder().build());

        assertThat(keys(USERS, "")).containsExactly("alice");
    }

    @Test
    void anEmptyKeyIsAKeyLikeAnyOther() {
        apply(b -> b.put(USERS, "", utf8("root")));

        assertThat(read(USERS, "")).contains("root");
        assertThat(keys(USERS, "")).containsExactly("");
    }

    // list

    @Test
    void listReturnsTheKeysWithThePrefixOrderedByKey() {
        apply(b -> b.put(USERS, "b/2", utf8("x"))
                .put(USERS, "a/1", utf8("x"))
                .put(USERS, "b/10", utf8("x"))
                .put(USERS, "b/1", utf8("x"))
                .put(USERS, "b", utf8("x"))
                .put(USERS, "c/1", utf8("x")));

        assertThat(keys(USERS, "b/")).containsExactly("b/1", "b/10", "b/2");
        assertThat(keys(USERS, "b")).containsExactly("b", "b/1", "b/10", "b/2");
        assertThat(keys(USERS, "z")).isEmpty();
    }

    @Test
    void listWithAnEmptyPrefixReturnsTheWholeTableOrderedByKey() {
        apply(b ->
                b.put(USERS, "carol", utf8("3")).put(USERS, "alice", utf8("1")).put(USERS, "bob", utf8("2")));

        List<MetadataEntry> entries = store.list(USERS, "");

        assertThat(entries).extracting(MetadataEntry::key).containsExactly("alice", "bob", "carol");
        assertThat(entries).extracting(e -> new String(e.value(), UTF_8)).containsExactly("1", "2", "3");
    }

    @Test
    void listOfAnUnknownTableIsEmpty() {
        assertThat(store.list("never-written", "")).isEmpty();
    }

    @Test
    void listTreatsThePrefixLiterallyNotAsAPattern() {
        apply(b -> b.put(USERS, "a_b", utf8("x"))
                .put(USERS, "axb", utf8("x"))
                .put(USERS, "a%c", utf8("x"))
                .put(USERS, "a\\d", utf8("x"))
                .put(USERS, "a.e", utf8("x"))
                .put(USERS, "A_b", utf8("x")));

        assertThat(keys(USERS, "a_")).containsExactly("a_b");
        assertThat(keys(USERS, "a%")).containsExactly("a%c");
        assertThat(keys(USERS, "a\\")).containsExactly("a\\d");
        assertThat(keys(USERS, "a.")).containsExactly("a.e");
    }

    @Test
    void listIncludesKeysThatContinueThePrefixWithTheHighestCharacters() {
        apply(b -> b.put(USERS, "ab", utf8("x"))
                .put(USERS, "ab\uFFFF", utf8("x"))
                .put(USERS, "ab\uFFFF\uFFFFz", utf8("x"))
                .put(USERS, "ab\uD83D\uDE00", utf8("x"))
                .put(USERS, "ac", utf8("x"))
                .put(USERS, "aa\uFFFF", utf8("x")));

        assertThat(keys(USERS, "ab")).containsExactly("ab", "ab\uD83D\uDE00", "ab\uFFFF", "ab\uFFFF\uFFFFz");
    }

    @Test
    void listOrdersKeysByUtf16CodeUnitsNotByCodePoints() {
        // U+1F600 is stored as the surrogates D83D DE00, so it sorts before U+E000 and U+FFFD in UTF-16
        // order although its code point is higher: a store that sorts UTF-8 bytes gets this wrong.
        apply(b -> b.put(USERS, "a\uFFFD", utf8("x"))
                .put(USERS, "a\uE000", utf8("x"))
                .put(USERS, "a\uD83D\uDE00", utf8("x"))
                .put(USERS, "aZ", utf8("x"))
                .put(USERS, "a\u00E9", utf8("x")));

        assertThat(keys(USERS, "a")).containsExactly("aZ", "a\u00E9", "a\uD83D\uDE00", "a\uE000", "a\uFFFD");
    }

    @Test
    void listOrdersKeysCaseSensitivelyByCodeUnit() {
        apply(b -> b.put(USERS, "b", utf8("x"))
                .put(USERS, "B", utf8("x"))
                .put(USERS, "a", utf8("x"))
                .put(USERS, "A", utf8("x"))
                .put(USERS, "_", utf8("x"))
                .put(USERS, "1", utf8("x")));

        assertThat(keys(USERS, "")).containsExactly("1", "A", "B", "_", "a", "b");
    }

    // tables

    @Test
    void tablesAreSeparate() {
        apply(b -> b.put(USERS, "alice", utf8("user")).put(KEYS, "alice", utf8("key")));

        assertThat(read(USERS, "alice")).contains("user");
        assertThat(read(KEYS, "alice")).contains("key");

        apply(b -> b.delete(KEYS, "alice"));

        assertThat(read(USERS, "alice")).contains("user");
        assertThat(store.get(KEYS, "alice")).isEmpty();
        assertThat(keys(KEYS, "")).isEmpty();
    }

    @Test
    void tablesWhoseNamesShareAPrefixAreSeparate() {
        apply(b -> b.put("user", "a", utf8("1")).put("users", "b", utf8("2")).put("user-s", "c", utf8("3")));

        assertThat(keys("user", "")).containsExactly("a");
        assertThat(keys("users", "")).containsExactly("b");
        assertThat(keys("user-s", "")).containsExactly("c");
        assertThat(store.get("user", "b")).isEmpty();
    }

    @Test
    void conditionsApplyToTheirOwnTableOnly() {
        apply(b -> b.put(USERS, "alice", utf8("user")));

        apply(b -> b.expectAbsent(KEYS, "alice").put(KEYS, "alice", utf8("key")));

        assertThatThrownBy(() -> apply(b -> b.expectPresent(KEYS, "bob").put(USERS, "bob", utf8("x"))))
                .isInstanceOf(MetadataConflictException.class);
        assertThat(read(KEYS, "alice")).contains("key");
    }

    // conditions and atomicity

    @Test
    void expectAbsentAllowsTheBatchWhenTheKeyIsAbsent() {
        apply(b -> b.expectAbsent(USERS, "alice").put(USERS, "alice", utf8("admin")));

        assertThat(read(USERS, "alice")).contains("admin");
    }

    @Test
    void expectAbsentOnAPresentKeyThrowsAndChangesNothing() {
        apply(b -> b.put(USERS, "alice", utf8("admin")));

        assertThatThrownBy(() -> apply(b -> b.expectAbsent(USERS, "alice")
                        .put(USERS, "alice", utf8("intruder"))
                        .put(USERS, "mallory", utf8("x"))))
                .isInstanceOf(MetadataConflictException.class)
                .satisfies(e -> assertThat(((MetadataConflictException) e).failed())
                        .isEqualTo(new MetadataBatch.ExpectAbsent(USERS, "alice")));

        assertThat(read(USERS, "alice")).contains("admin");
        assertThat(keys(USERS, "")).containsExactly("alice");
    }

    @Test
    void expectPresentAllowsTheBatchWhenTheKeyIsPresent() {
        apply(b -> b.put(USERS, "alice", utf8("admin")));

        apply(b -> b.expectPresent(USERS, "alice").put(KEYS, "AKIA1", utf8("alice")));

        assertThat(read(KEYS, "AKIA1")).contains("alice");
    }

    @Test
    void expectPresentOnAnAbsentKeyThrowsAndChangesNothing() {
        assertThatThrownBy(() -> apply(b -> b.put(KEYS, "AKIA1", utf8("alice")).expectPresent(USERS, "alice")))
                .isInstanceOf(MetadataConflictException.class)
                .satisfies(e -> assertThat(((MetadataConflictException) e).failed())
                        .isEqualTo(new MetadataBatch.ExpectPresent(USERS, "alice")));

        assertThat(store.get(KEYS, "AKIA1")).isEmpty();
    }

    @Test
    void aConditionThatFailsAfterEarlierChangesInTheBatchChangesNothing() {
        apply(b -> b.put(USERS, "alice", utf8("admin")).put(KEYS, "AKIA1", utf8("alice")));

        MetadataBatch batch = MetadataBatch.builder()
                .expectAbsent(USERS, "bob")
                .put(USERS, "bob", utf8("dev"))
                .delete(USERS, "alice")
                .put(KEYS, "AKIA2", utf8("bob"))
                .expectPresent(USERS, "alice")
                .expectAbsent(KEYS, "AKIA1")
                .put(KEYS, "AKIA1", utf8("bob"))
                .build();

        assertThatThrownBy(() -> store.apply(batch))
                .isInstanceOf(MetadataConflictException.class)
                .satisfies(e -> assertThat(((MetadataConflictException) e).failed())
                        .isEqualTo(new MetadataBatch.ExpectAbsent(KEYS, "AKIA1")));

        assertThat(keys(USERS, "")).containsExactly("alice");
        assertThat(read(USERS, "alice")).contains("admin");
        assertThat(keys(KEYS, "")).containsExactly("AKIA1");
        assertThat(read(KEYS, "AKIA1")).contains("alice");
    }

    @Test
    void conditionsSeeTheStateBeforeTheBatchNotItsOwnChanges() {
        // A put earlier in the batch does not satisfy a later ExpectPresent on the same key...
        assertThatThrownBy(() -> apply(b -> b.put(USERS, "alice", utf8("admin")).expectPresent(USERS, "alice")))
                .isInstanceOf(MetadataConflictException.class);
        assertThat(store.get(USERS, "alice")).isEmpty();

        // ...and does not break a later ExpectAbsent on it.
        apply(b -> b.put(USERS, "alice", utf8("admin")).expectAbsent(USERS, "alice"));
        assertThat(read(USERS, "alice")).contains("admin");

        // Likewise a delete earlier in the batch does not satisfy a later ExpectAbsent.
        assertThatThrownBy(() -> apply(b -> b.delete(USERS, "alice").expectAbsent(USERS, "alice")))
                .isInstanceOf(MetadataConflictException.class);
        assertThat(read(USERS, "alice")).contains("admin");
    }

    @Test
    void theConflictNamesTheFirstConditionThatDoesNotHold() {
        apply(b -> b.put(USERS, "alice", utf8("admin")));

        assertThatThrownBy(() -> apply(b -> b.expectPresent(USERS, "alice")
                        .expectAbsent(USERS, "bob")
                        .expectPresent(USERS, "carol")
                        .expectAbsent(USERS, "alice")))
                .isInstanceOf(MetadataConflictException.class)
                .satisfies(e -> assertThat(((MetadataConflictException) e).failed())
                        .isEqualTo(new MetadataBatch.ExpectPresent(USERS, "carol")));
    }

    @Test
    void aBatchOfConditionsOnlyChangesNothing() {
        apply(b -> b.put(USERS, "alice", utf8("admin")));

        apply(b -> b.expectPresent(USERS, "alice").expectAbsent(USERS, "bob"));

        assertThat(keys(USERS, "")).containsExactly("alice");
    }

    @Test
    void anEmptyValueIsPresentForConditions() {
        apply(b -> b.put(USERS, "alice", new byte[0]));

        apply(b -> b.expectPresent(USERS, "alice"));
        assertThatThrownBy(() -> apply(b -> b.expectAbsent(USERS, "alice")))
                .isInstanceOf(MetadataConflictException.class);
    }

    @Test
    void aConflictLeavesNoTraceAfterReopen() {
        apply(b -> b.put(USERS, "alice", utf8("admin")));
        assertThatThrownBy(() -> apply(b -> b.put(USERS, "bob", utf8("dev")).expectAbsent(USERS, "alice")))
                .isInstanceOf(MetadataConflictException.class);

        store = reopen();

        assertThat(keys(USERS, "")).containsExactly("alice");
    }

    // values are copied

    @Test
    void changingTheArrayPassedToPutDoesNotChangeTheStore() {
        byte[] value = utf8("admin");
        MetadataBatch.Builder builder = MetadataBatch.builder().put(USERS, "alice", value);
        value[0] = 'X';
        MetadataBatch batch = builder.build();
        store.apply(batch);
        value[1] = 'Y';
        ((MetadataBatch.Put) batch.steps().get(0)).value()[2] = 'Z';

        assertThat(read(USERS, "alice")).contains("admin");
        assertThat(store.list(USERS, ""))
                .extracting(e -> new String(e.value(), UTF_8))
                .containsExactly("admin");
    }

    @Test
    void changingAnArrayReturnedByGetDoesNotChangeTheStore() {
        apply(b -> b.put(USERS, "alice", utf8("admin")));

        store.get(USERS, "alice").orElseThrow()[0] = 'X';

        assertThat(read(USERS, "alice")).contains("admin");
    }

    @Test
    void changingAnArrayReturnedByListDoesNotChangeTheStore() {
        apply(b -> b.put(USERS, "alice", utf8("admin")));

        store.list(USERS, "").get(0).value()[0] = 'X';

        assertThat(read(USERS, "alice")).contains("admin");
        assertThat(store.list(USERS, ""))
                .extracting(e -> new String(e.value(), UTF_8))
                .containsExactly("admin");
    }

    // values and keys of every shape

    @Test
    void emptyValuesAreStoredAndSurviveReopen() {
        apply(b -> b.put(USERS, "alice", new byte[0]));

        assertThat(store.get(USERS, "alice"))
                .hasValueSatisfying(v -> assertThat(v).isEmpty());
        assertThat(store.list(USERS, ""))
                .singleElement()
                .satisfies(e -> assertThat(e.value()).isEmpty());

        store = reopen();

        assertThat(store.get(USERS, "alice"))
                .hasValueSatisfying(v -> assertThat(v).isEmpty());
    }

    @Test
    void largeValuesRoundTripAndSurviveReopen() {
        byte[] first = randomBytes(1 << 20, 1);
        byte[] second = randomBytes((1 << 20) + 7, 2);
        apply(b -> b.put(USERS, "first", first));
        apply(b -> b.put(USERS, "second", second).put(USERS, "small", utf8("x")));

        assertThat(store.get(USERS, "first"))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(first));
        assertThat(store.list(USERS, "s")).extracting(MetadataEntry::key).containsExactly("second", "small");

        store = reopen();

        assertThat(store.get(USERS, "first"))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(first));
        assertThat(store.get(USERS, "second"))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(second));
        assertThat(read(USERS, "small")).contains("x");
    }

    @Test
    void valuesKeepEveryByte() {
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        apply(b -> b.put(USERS, "bytes", everyByte));

        store = reopen();

        assertThat(store.get(USERS, "bytes"))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(everyByte));
    }

    @Test
    void unicodeKeysAndTableNamesRoundTripAndSurviveReopen() {
        List<String> unicodeKeys = List.of(
                "ключ",
                "鍵/値",
                "emoji-\uD83D\uDE00-\uD83C\uDDEB\uD83C\uDDF7",
                "\u00E9", // é, precomposed
                "e\u0301", // é, decomposed: a different key, since keys are not normalised
                "tab\tnew\nline",
                "\u200Bzero-width",
                "right-to-left-\u05E9\u05DC\u05D5\u05DD");
        String table = "τάξη_表";
        apply(b -> {
            for (String key : unicodeKeys) {
                b.put(table, key, utf8("value of " + key));
            }
            return b;
        });

        List<String> sorted = unicodeKeys.stream().sorted().toList();
        assertThat(keys(table, "")).containsExactlyElementsOf(sorted);

        store = reopen();

        assertThat(keys(table, "")).containsExactlyElementsOf(sorted);
        for (String key : unicodeKeys) {
            assertThat(read(table, key)).as(key).contains("value of " + key);
        }
        // 'm' (U+006D) sorts before the combining acute accent (U+0301).
        assertThat(keys(table, "e")).containsExactly("emoji-\uD83D\uDE00-\uD83C\uDDEB\uD83C\uDDF7", "e\u0301");
    }

    @Test
    void longKeysRoundTrip() {
        String key = "k".repeat(10_000) + "\u00E9".repeat(1_000);
        apply(b -> b.put(USERS, key, utf8("long")));

        store = reopen();

        assertThat(read(USERS, key)).contains("long");
        assertThat(keys(USERS, "kkk")).containsExactly(key);
    }

    // clear

    @Test
    void clearRemovesEveryEntryOfEveryTable() {
        apply(b ->
                b.put(USERS, "alice", utf8("a")).put(KEYS, "AKIA1", utf8("k")).put("roles", "r", utf8("r")));

        store.clear();

        assertThat(store.list(USERS, "")).isEmpty();
        assertThat(store.list(KEYS, "")).isEmpty();
        assertThat(store.list("roles", "")).isEmpty();
        assertThat(store.get(USERS, "alice")).isEmpty();
    }

    @Test
    void clearIsDurable() {
        apply(b -> b.put(USERS, "alice", utf8("a")).put(KEYS, "AKIA1", utf8("k")));
        store.clear();

        store = reopen();

        assertThat(store.list(USERS, "")).isEmpty();
        assertThat(store.list(KEYS, "")).isEmpty();
    }

    @Test
    void changesAfterClearAreKeptAndSurviveReopen() {
        apply(b -> b.put(USERS, "alice", utf8("old")).put(USERS, "bob", utf8("old")));
        store.clear();

        apply(b -> b.expectAbsent(USERS, "alice").put(USERS, "alice", utf8("new")));
        store = reopen();

        assertThat(keys(USERS, "")).containsExactly("alice");
        assertThat(read(USERS, "alice")).contains("new");
    }

    @Test
    void clearOfAnEmptyStoreSucceeds() {
        store.clear();
        store.clear();

        store = reopen();

        assertThat(store.list(USERS, "")).isEmpty();
    }

    // durability

    @Test
    void stateSurvivesReopen() {
        apply(b ->
                b.put(USERS, "alice", utf8("v1")).put(USERS, "bob", utf8("dev")).put(KEYS, "AKIA1", utf8("a")));
        apply(b -> b.put(USERS, "alice", utf8("v2")));
        apply(b -> b.delete(USERS, "bob"));

        store = reopen();

        assertThat(keys(USERS, "")).containsExactly("alice");
        assertThat(read(USERS, "alice")).contains("v2");
        assertThat(read(KEYS, "AKIA1")).contains("a");
    }

    @Test
    void changesAfterAReopenSurviveTheNextReopen() {
        apply(b -> b.put(USERS, "alice", utf8("1")));
        store = reopen();
        apply(b -> b.expectPresent(USERS, "alice").put(USERS, "bob", utf8("2")).delete(USERS, "alice"));
        store = reopen();
        apply(b -> b.put(USERS, "carol", utf8("3")));

        store = reopen();

        assertThat(keys(USERS, "")).containsExactly("bob", "carol");
    }

    @Test
    void manySmallBatchesSurviveReopen() {
        for (int i = 0; i < 1_000; i++) {
            String key = key(i);
            apply(b -> b.put(USERS, key, utf8(key)));
            if (i % 3 == 0) {
                apply(b -> b.delete(USERS, key));
            }
        }

        store = reopen();

        List<MetadataEntry> entries = store.list(USERS, "");
        assertThat(entries).hasSize(666);
        assertThat(entries)
                .allSatisfy(e -> assertThat(new String(e.value(), UTF_8)).isEqualTo(e.key()));
        assertThat(entries).extracting(MetadataEntry::key).isSortedAccordingTo(Comparator.naturalOrder());
    }

    // concurrency

    @Test
    void concurrentExpectAbsentPutsHaveExactlyOneWinnerPerKey() throws Exception {
        int threads = 8;
        int keyCount = 500;
        Map<String, Queue<Integer>> winners = new ConcurrentHashMap<>();
        AtomicInteger conflicts = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(threads);

        runConcurrently(threads, thread -> {
            start.await();
            for (int i = 0; i < keyCount; i++) {
                String key = key(i);
                try {
                    store.apply(MetadataBatch.builder()
                            .expectAbsent(USERS, key)
                            .put(USERS, key, utf8("thread-" + thread))
                            .build());
                    winners.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>())
                            .add(thread);
                } catch (MetadataConflictException e) {
                    conflicts.incrementAndGet();
                }
            }
        });

        assertThat(winners).hasSize(keyCount);
        assertThat(conflicts).hasValue((threads - 1) * keyCount);
        for (Map.Entry<String, Queue<Integer>> won : winners.entrySet()) {
            assertThat(won.getValue()).as("winners of %s", won.getKey()).hasSize(1);
            assertThat(read(USERS, won.getKey()))
                    .contains("thread-" + won.getValue().peek());
        }
        assertThat(store.list(USERS, "")).hasSize(keyCount);
    }

    @Test
    void concurrentBatchesOnDifferentKeysAllApply() throws Exception {
        int threads = 8;
        int batchesPerThread = 100;

        runConcurrently(threads, thread -> {
            for (int i = 0; i < batchesPerThread; i++) {
                String key = thread + "/" + key(i);
                store.apply(MetadataBatch.builder()
                        .expectAbsent(USERS, key)
                        .put(USERS, key, utf8(key))
                        .put(KEYS, key, utf8(key))
                        .build());
            }
        });

        assertThat(store.list(USERS, "")).hasSize(threads * batchesPerThread);
        assertThat(store.list(KEYS, "")).hasSize(threads * batchesPerThread);

        store = reopen();

        assertThat(store.list(USERS, "")).hasSize(threads * batchesPerThread);
        assertThat(keys(USERS, "3/")).hasSize(batchesPerThread);
    }

    @Test
    void readersNeverSeeHalfOfABatch() throws Exception {
        int batches = 300;
        AtomicBoolean writing = new AtomicBoolean(true);
        Queue<String> violations = new ConcurrentLinkedQueue<>();

        runConcurrently(3, thread -> {
            if (thread == 0) {
                try {
                    for (int i = 1; i <= batches; i++) {
                        byte[] value = utf8(Integer.toString(i));
                        store.apply(MetadataBatch.builder()
                                .put(USERS, "a", value)
                                .put(USERS, "b", value)
                                .build());
                    }
                } finally {
                    writing.set(false);
                }
                return;
            }
            while (writing.get()) {
                List<MetadataEntry> entries = store.list(USERS, "");
                if (entries.size() == 1
                        || (entries.size() == 2
                                && !Arrays.equals(
                                        entries.get(0).value(), entries.get(1).value()))) {
                    violations.add(describe(entries));
                }
            }
        });

        assertThat(violations).as("lists that saw half of a batch").isEmpty();
        assertThat(read(USERS, "a")).contains(Integer.toString(batches));
    }

    @Test
    void aBatchAppliedOnOneThreadIsVisibleOnAnother() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            executor.submit(() -> apply(b -> b.put(USERS, "alice", utf8("admin"))))
                    .get(30, TimeUnit.SECONDS);

            assertThat(read(USERS, "alice")).contains("admin");
            assertThat(executor.submit(() -> read(USERS, "alice")).get(30, TimeUnit.SECONDS))
                    .contains("admin");
        } finally {
            executor.shutdownNow();
        }
    }

    // helpers

    /** A task run on one of several threads, given the thread's number. */
    @FunctionalInterface
    private interface ThreadBody {
        void run(int thread) throws Exception;
    }

    private static void runConcurrently(int threads, ThreadBody body) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(executor.submit(() -> {
                    body.run(thread);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private void apply(UnaryOperator<MetadataBatch.Builder> steps) {
        store.apply(steps.apply(MetadataBatch.builder()).build());
    }

    private Optional<String> read(String table, String key) {
        return store.get(table, key).map(v -> new String(v, UTF_8));
    }

    private List<String> keys(String table, String prefix) {
        return store.list(table, prefix).stream().map(MetadataEntry::key).toList();
    }

    private static String key(int i) {
        return "key-%05d".formatted(i);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String describe(List<MetadataEntry> entries) {
        return entries.stream()
                .map(e -> e.key() + "=" + new String(e.value(), UTF_8))
                .toList()
                .toString();
    }
}
