package dev.cairn.bucket.folder;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;
import static java.util.Objects.requireNonNull;

import dev.cairn.bucket.Bucket;
import dev.cairn.bucket.BucketNames;
import dev.cairn.bucket.ListRequest;
import dev.cairn.bucket.ObjectAttributes;
import dev.cairn.bucket.ObjectInfo;
import dev.cairn.bucket.ObjectKeys;
import dev.cairn.bucket.ObjectListing;
import dev.cairn.bucket.ObjectStore;
import dev.cairn.bucket.ObjectStoreError;
import dev.cairn.bucket.ObjectStoreException;
import dev.cairn.bucket.StoredObject;
import dev.cairn.time.Clock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link ObjectStore}: each bucket a folder under a root, each object a file at its key, so
 * that delivered trail files can be browsed, copied and read with ordinary tools.
 *
 * <pre>
 * root/
 *   trail-logs/AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/01/...json.gz   an object at its key
 *   trail-logs/%escaped/%2Fleading-slash                   an object whose key cannot be a path
 *   .cairn/lock                                            held while a store is open on the root
 *   .cairn/buckets/trail-logs/bucket.properties            owner, region, created: the bucket exists iff it does
 *   .cairn/buckets/trail-logs/index/AWSLogs/.../x.json.gz~ the object's record: attributes, ETag, where its bytes are
 *   .cairn/buckets/trail-logs/tmp/                         writes under way
 * </pre>
 *
 * <p>Bucket names never start with a dot, so {@code .cairn} cannot clash with a bucket; nothing but
 * objects lives in a bucket's folder. Do not change the folders by hand: a file added there is not an object
 * (the index says what is), and a file changed there fails its get with {@code INTERNAL_ERROR}.
 */
public final class FolderObjectStore implements ObjectStore {
    /*
     * Notes
     * =====
     *
     * Two trees. The index tree (.cairn/buckets/<b>/index) is the truth: one record file per key, found
     * from the key alone, and walked in order by listings. The data tree (<root>/<b>) holds the bytes, at
     * the path the record names, so that placement may depend on what already exists without any object
     * ever being moved.
     *
     * Index names. Each segment of a key (split at '/') is percent-encoded down to a-z 0-9 - _ . (a
     * leading dot encoded, the empty segment written "%"), so that names are the same on file systems that
     * fold case or Unicode forms; a segment that would encode to more than 200 characters is named "#" and
     * its SHA-256, and its folder holds a "#name" file with the segment. Folders stand for the inner
     * segments and "<name>~" files for the last one; '~' is always encoded, so a key "a" (record "a~") and
     * keys under "a/" (folder "a") never clash.
     *
     * Data placement. A key whose segments are all natural (not empty, not . or .., no % \ or control
     * character, at most 255 bytes) is put at its own path, unless that path is taken: a key "a" when a
     * folder "a/" exists, or "a/b" when a file "a" does. Such a key, and every unnatural key, goes to
     * %escaped/<name>, its whole key percent-encoded (or "#" and its SHA-256 if too long). No natural path
     * contains '%', so %escaped never clashes with a natural key. The placement is decided when a key is
     * first put, found by trying (a rename onto a folder or under a file fails), and kept in the record
     * until the key is deleted. When the file system folds case or Unicode forms (probed at open), two keys
     * could share a natural path, so every key is escaped, with the strict encoding.
     *
     * Put. The bytes are written to tmp/<id>.data and forced, outside any lock. Under the key's lock (a
     * striped read-write lock: get and head read, put and delete write) the new record is written to
     * tmp/<id>.rec and forced, the data renamed over its path, then the record renamed over its index
     * path. After a crash, tmp tells what happened: a .rec whose .data is still in tmp had not replaced
     * anything and is dropped; a .rec without its .data had its bytes in place, and is renamed into the
     * index (rolled forward). So a reader sees the old object or the new one, before and after a crash.
     * If the record cannot be renamed after the bytes moved (an I/O error), the put fails and tmp keeps
     * the record for the next open to roll forward; until then a get of the key fails its MD5 check with
     * INTERNAL_ERROR rather than return new bytes with old attributes. Delete writes tmp/<id>.del (the
     * record) first, removes the record, then the bytes, then empty folders (hashed index folders stay); a
     * .del found at open finishes the job if the record is gone.
     *
     * Concurrency. Puts of different keys share nothing but folders. Empty folders are removed after a
     * delete, which may race with a put that has just created one: the put's rename then fails with
     * NoSuchFileException and it creates the folder again. Bucket creation and deletion take a bucket's
     * lifecycle lock for writing; object operations take it for reading. One process owns a root: open
     * takes a file lock on .cairn/lock.
     */

    private static final Logger log = LoggerFactory.getLogger(FolderObjectStore.class);

    static final String STATE_FOLDER = ".cairn";
    private static final String BUCKET_FILE = "bucket.properties";
    private static final int KEY_LOCK_STRIPES = 64;
    private static final int ATTEMPTS = 20;

    /** The points at which a test may simulate a crash. */
    enum Step {
        /** A put's bytes are in tmp, nothing else has changed. */
        DATA_WRITTEN,
        /** A put's bytes are at their path, its record not yet in the index. */
        DATA_PLACED,
        /** A delete removed the record, not yet the bytes. */
        RECORD_DELETED,
    }

    /** Thrown at a {@link Step} to leave the files as a crash there would. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(Step step) {
            super("simulated crash after " + step);
        }
    }

    private final Path root;
    private final Path buckets;
    private final Clock clock;
    private final boolean exactNames;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ReentrantLock bucketsLock = new ReentrantLock();
    private final ConcurrentSkipListMap<String, BucketFolder> folders = new ConcurrentSkipListMap<>();
    private final AtomicLong recordReads = new AtomicLong();
    private volatile boolean closed;
    private volatile @Nullable Step crashAfter;

    private FolderObjectStore(Path root, Clock clock, FileChannel lockChannel, FileLock lock, boolean exactNames) {
        this.root = root;
        this.buckets = root.resolve(STATE_FOLDER).resolve("buckets");
        this.clock = clock;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.exactNames = exactNames;
    }

    /**
     * Opens the store kept in {@code root}, creating the folder if it is missing, and finishes or drops the
     * writes a crash interrupted.
     *
     * @throws IllegalStateException if another store has the folder open
     * @throws UncheckedIOException if the folder cannot be read or written
     */
    public static FolderObjectStore open(Path root, Clock clock) {
        requireNonNull(root, "root is null");
        requireNonNull(clock, "clock is null");
        Path state = root.resolve(STATE_FOLDER);
        FileChannel channel = null;
        try {
            Files.createDirectories(state.resolve("buckets"));
            channel = FileChannel.open(state.resolve("lock"), CREATE, WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IllegalStateException(
                        "the object store folder " + root + " is in use by another store; one process owns it");
            }
            boolean exact = keepsNamesExactly(state);
            if (!exact) {
                log.warn(
                        "The file system of {} folds letter case or Unicode forms, so every object is kept under"
                                + " {}/ in each bucket folder rather than at its key",
                        root,
                        Names.ESCAPED_FOLDER);
            }
            FolderObjectStore store = new FolderObjectStore(root, clock, channel, lock, exact);
            store.load();
            return store;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("could not open the object store in " + root + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            closeQuietly(channel);
            throw e;
        }
    }

    @Override
    public Bucket createBucket(String name, String ownerAccountId, String region) {
        BucketNames.check(name);
        requireNonNull(ownerAccountId, "ownerAccountId is null");
        requireNonNull(region, "region is null");
        bucketsLock.lock();
        try {
            checkOpen();
            BucketFolder existing = folders.get(name);
            if (existing != null) {
                if (existing.bucket.ownerAccountId().equals(ownerAccountId)) {
                    throw new ObjectStoreException(
                            ObjectStoreError.BUCKET_ALREADY_OWNED_BY_YOU,
                            "bucket " + name + " already exists and is owned by " + ownerAccountId);
                }
                throw new ObjectStoreException(
                        ObjectStoreError.BUCKET_ALREADY_EXISTS,
                        "bucket " + name + " already exists and is owned by another account");
            }
            Bucket bucket = new Bucket(name, ownerAccountId, region, now());
            BucketFolder folder = new BucketFolder(bucket);
            try {
                if (Files.exists(folder.data, LinkOption.NOFOLLOW_LINKS)
                        && !Files.isDirectory(folder.data, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException(folder.data + " is a file, not a folder");
                }
                DurableFiles.deleteRecursively(folder.meta);
                DurableFiles.createDirectories(root, folder.data);
                DurableFiles.createDirectories(root, folder.index);
                DurableFiles.createDirectories(root, folder.tmp);
                Path tmp = folder.meta.resolve(BUCKET_FILE + ".tmp");
                Files.deleteIfExists(tmp);
                DurableFiles.write(tmp, encode(bucket));
                Files.move(tmp, folder.meta.resolve(BUCKET_FILE), ATOMIC_MOVE);
                DurableFiles.syncDirectory(folder.meta);
            } catch (IOException e) {
                throw internalError("could not create bucket " + name, e);
            }
            folders.put(name, folder);
            return bucket;
        } finally {
            bucketsLock.unlock();
        }
    }

    @Override
    public Optional<Bucket> bucket(String name) {
        requireNonNull(name, "name is null");
        checkOpen();
        return Optional.ofNullable(folders.get(name)).map(f -> f.bucket);
    }

    @Override
    public List<Bucket> buckets() {
        checkOpen();
        return folders.values().stream().map(f -> f.bucket).toList();
    }

    @Override
    public void deleteBucket(String name) {
        bucketsLock.lock();
        try {
            checkOpen();
            BucketFolder folder = folder(name);
            folder.lifecycle.writeLock().lock();
            try {
                if (IndexListing.holdsRecord(folder.index)) {
                    throw new ObjectStoreException(
                            ObjectStoreError.BUCKET_NOT_EMPTY, "bucket " + name + " holds objects; delete them first");
                }
                Files.delete(folder.meta.resolve(BUCKET_FILE));
                DurableFiles.syncDirectory(folder.meta);
                folder.deleted = true;
                folders.remove(name);
                // The bytes first: if this stops halfway, the open after finds the meta folder without its
                // bucket file, and removes both.
                DurableFiles.deleteRecursively(folder.data);
                DurableFiles.deleteRecursively(folder.meta);
                DurableFiles.syncDirectory(buckets);
                DurableFiles.syncDirectory(root);
            } catch (IOException e) {
                throw internalError("could not delete bucket " + name, e);
            } finally {
                folder.lifecycle.writeLock().unlock();
            }
        } finally {
            bucketsLock.unlock();
        }
    }

    @Override
    public ObjectInfo put(String bucket, String key, byte[] content, ObjectAttributes attributes) {
        ObjectKeys.check(key);
        requireNonNull(content, "content is null");
        requireNonNull(attributes, "attributes is null");
        BucketFolder folder = folder(bucket);
        folder.lifecycle.readLock().lock();
        try {
            folder.checkNotDeleted();
            return put(folder, key, content.clone(), attributes);
        } finally {
            folder.lifecycle.readLock().unlock();
        }
    }

    private ObjectInfo put(BucketFolder folder, String key, byte[] content, ObjectAttributes attributes) {
        String id = UUID.randomUUID().toString();
        Path tmpData = folder.tmp.resolve(id + ".data");
        Path tmpRecord = folder.tmp.resolve(id + ".rec");
        boolean placed = false;
        try {
            DurableFiles.write(tmpData, content);
            crashAt(Step.DATA_WRITTEN);
            String etag = etag(content);
            ReentrantReadWriteLock keyLock = folder.keyLock(key);
            keyLock.writeLock().lock();
            try {
                ObjectRecord existing = readRecord(folder, key);
                ObjectInfo info = new ObjectInfo(key, content.length, now(), etag, attributes);
                boolean fresh = existing == null;
                String dataPath = fresh ? placement(key) : existing.dataPath();
                DurableFiles.write(tmpRecord, new ObjectRecord(info, dataPath).encode());
                DurableFiles.syncDirectory(folder.tmp);
                placeData(folder, tmpData, tmpRecord, new ObjectRecord(info, dataPath), fresh);
                placed = true;
                crashAt(Step.DATA_PLACED);
                commitRecord(folder, key, tmpRecord);
                return info;
            } finally {
                keyLock.writeLock().unlock();
            }
        } catch (IOException e) {
            if (!placed) {
                deleteQuietly(tmpData);
                deleteQuietly(tmpRecord);
            } // else tmp keeps the record, and the next open rolls it forward
            throw internalError("could not put " + key + " into bucket " + folder.bucket.name(), e);
        }
    }

    @Override
    public StoredObject get(String bucket, String key) {
        ObjectKeys.check(key);
        BucketFolder folder = folder(bucket);
        folder.lifecycle.readLock().lock();
        try {
            folder.checkNotDeleted();
            ReentrantReadWriteLock keyLock = folder.keyLock(key);
            keyLock.readLock().lock();
            try {
                ObjectRecord record = requireRecord(folder, key);
                Path data = folder.dataFile(record.dataPath());
                byte[] content;
                try {
                    content = Files.readAllBytes(data);
                } catch (NoSuchFileException e) {
                    throw new ObjectStoreException(
                            ObjectStoreError.INTERNAL_ERROR,
                            "the bytes of " + key + " in bucket " + bucket + " are missing from " + data
                                    + "; the folder was changed outside the store",
                            e);
                }
                if (content.length != record.info().size()
                        || !etag(content).equals(record.info().etag())) {
                    throw new ObjectStoreException(
                            ObjectStoreError.INTERNAL_ERROR,
                            "the bytes of " + key + " in bucket " + bucket + " at " + data + " are not those put ("
                                    + record.info().etag() + ", "
                                    + record.info().size()
                                    + " bytes); the file was changed outside the store");
                }
                return new StoredObject(record.info(), content);
            } finally {
                keyLock.readLock().unlock();
            }
        } catch (IOException e) {
            throw internalError("could not get " + key + " from bucket " + bucket, e);
        } finally {
            folder.lifecycle.readLock().unlock();
        }
    }

    @Override
    public ObjectInfo head(String bucket, String key) {
        ObjectKeys.check(key);
        BucketFolder folder = folder(bucket);
        folder.lifecycle.readLock().lock();
        try {
            folder.checkNotDeleted();
            ReentrantReadWriteLock keyLock = folder.keyLock(key);
            keyLock.readLock().lock();
            try {
                return requireRecord(folder, key).info();
            } finally {
                keyLock.readLock().unlock();
            }
        } catch (IOException e) {
            throw internalError("could not head " + key + " in bucket " + bucket, e);
        } finally {
            folder.lifecycle.readLock().unlock();
        }
    }

    @Override
    public void delete(String bucket, String key) {
        ObjectKeys.check(key);
        BucketFolder folder = folder(bucket);
        folder.lifecycle.readLock().lock();
        try {
            folder.checkNotDeleted();
            ReentrantReadWriteLock keyLock = folder.keyLock(key);
            keyLock.writeLock().lock();
            try {
                ObjectRecord record = readRecord(folder, key);
                if (record == null) {
                    return;
                }
                Path tombstone = folder.tmp.resolve(UUID.randomUUID() + ".del");
                DurableFiles.write(tombstone, record.encode());
                DurableFiles.syncDirectory(folder.tmp);
                Path recordPath = folder.recordPath(key);
                Files.delete(recordPath);
                DurableFiles.syncDirectory(recordPath.getParent());
                crashAt(Step.RECORD_DELETED);
                deleteData(folder, record);
                pruneIndex(folder, recordPath.getParent());
                Files.delete(tombstone);
            } finally {
                keyLock.writeLock().unlock();
            }
        } catch (IOException e) {
            throw internalError("could not delete " + key + " from bucket " + bucket, e);
        } finally {
            folder.lifecycle.readLock().unlock();
        }
    }

    @Override
    public ObjectListing list(String bucket, ListRequest request) {
        requireNonNull(request, "request is null");
        BucketFolder folder = folder(bucket);
        folder.lifecycle.readLock().lock();
        try {
            folder.checkNotDeleted();
            return new IndexListing(folder.index, request, path -> readRecordFile(path)).run();
        } catch (IOException e) {
            throw internalError("could not list bucket " + bucket, e);
        } finally {
            folder.lifecycle.readLock().unlock();
        }
    }

    /** Releases the folder for another store. Idempotent. */
    @Override
    public void close() {
        bucketsLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                lock.release();
            } catch (IOException e) {
                log.warn("Could not release the lock of the object store folder {}", root, e);
            }
            closeQuietly(lockChannel);
        } finally {
            bucketsLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "FolderObjectStore[" + root + "]";
    }

    // for tests

    /** Makes the next operation that reaches {@code step} throw {@link SimulatedCrash}, leaving its files. */
    void crashAfter(@Nullable Step step) {
        this.crashAfter = step;
    }

    /** Returns how many object records were read since the store opened. */
    long recordReads() {
        return recordReads.get();
    }

    /** Returns where the bytes of {@code key} are, relative to the bucket's folder. */
    String dataPath(String bucket, String key) {
        try {
            return requireRecord(folder(bucket), key).dataPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // placement and records

    /** Returns where a key put for the first time should go: its own path, if it can be one. */
    private String placement(String key) {
        return exactNames && Names.isNaturalKey(key) ? key : escapedPath(key);
    }

    private String escapedPath(String key) {
        return Names.ESCAPED_FOLDER + "/" + Names.escapedName(key, exactNames);
    }

    /**
     * Renames the bytes into place. A key put for the first time at its own path that turns out to be
     * taken (a folder there, or a file above) goes to its escaped path instead, its record rewritten first.
     */
    private void placeData(BucketFolder folder, Path tmpData, Path tmpRecord, ObjectRecord record, boolean fresh)
            throws IOException {
        String dataPath = record.dataPath();
        for (int attempt = 1; ; attempt++) {
            Path target = folder.dataFile(dataPath);
            boolean natural = fresh && !dataPath.startsWith(Names.ESCAPED_FOLDER + "/");
            try {
                DurableFiles.createDirectories(folder.data, target.getParent());
                if (natural && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new FileSystemException(target.toString(), null, "a folder is in the way");
                }
                Files.move(tmpData, target, ATOMIC_MOVE, REPLACE_EXISTING);
                DurableFiles.syncDirectory(target.getParent());
                return;
            } catch (NoSuchFileException e) {
                if (!Files.exists(tmpData) || attempt == ATTEMPTS) {
                    throw e;
                }
                // a delete removed an empty folder on the way; create it again
            } catch (FileSystemException e) {
                if (!natural) {
                    throw e;
                }
                log.debug(
                        "{} cannot be at its own path ({}); it goes to its escaped path",
                        record.info().key(),
                        e);
                dataPath = escapedPath(record.info().key());
                Path rewritten = tmpRecord.resolveSibling(tmpRecord.getFileName() + ".tmp");
                DurableFiles.write(rewritten, new ObjectRecord(record.info(), dataPath).encode());
                Files.move(rewritten, tmpRecord, ATOMIC_MOVE, REPLACE_EXISTING);
                DurableFiles.syncDirectory(folder.tmp);
            }
        }
    }

    /** Renames a record from tmp into the index, creating its folders. */
    private void commitRecord(BucketFolder folder, String key, Path tmpRecord) throws IOException {
        List<String> segments = Names.segments(key);
        for (int attempt = 1; ; attempt++) {
            Path parent = folder.index;
            try {
                for (String segment : segments.subList(0, segments.size() - 1)) {
                    String name = Names.indexName(segment);
                    parent = parent.resolve(name);
                    DurableFiles.createDirectories(folder.index, parent);
                    if (Names.isHashed(name) && !Files.exists(parent.resolve(Names.SEGMENT_FILE))) {
                        Path tmp = folder.tmp.resolve(UUID.randomUUID() + ".name");
                        DurableFiles.write(tmp, segment.getBytes(UTF_8));
                        Files.move(tmp, parent.resolve(Names.SEGMENT_FILE), ATOMIC_MOVE, REPLACE_EXISTING);
                        DurableFiles.syncDirectory(parent);
                    }
                }
                Path recordPath = parent.resolve(Names.recordName(segments.getLast()));
                Files.move(tmpRecord, recordPath, ATOMIC_MOVE, REPLACE_EXISTING);
                DurableFiles.syncDirectory(parent);
                return;
            } catch (NoSuchFileException e) {
                if (!Files.exists(tmpRecord) || attempt == ATTEMPTS) {
                    throw e;
                }
                // a delete removed an empty folder on the way; create it again
            }
        }
    }

    private void deleteData(BucketFolder folder, ObjectRecord record) throws IOException {
        Path data = folder.dataFile(record.dataPath());
        if (Files.deleteIfExists(data)) {
            DurableFiles.syncDirectory(data.getParent());
        }
        DurableFiles.deleteEmptyDirectories(folder.data, data.getParent());
    }

    /** Removes the empty index folders above a deleted record, up to the first hashed one, which stays. */
    private static void pruneIndex(BucketFolder folder, Path parent) throws IOException {
        Path top = parent;
        while (!top.equals(folder.index) && !Names.isHashed(top.getFileName().toString())) {
            top = top.getParent();
        }
        DurableFiles.deleteEmptyDirectories(top, parent);
    }

    private @Nullable ObjectRecord readRecord(BucketFolder folder, String key) throws IOException {
        ObjectRecord record = readRecordFile(folder.recordPath(key));
        if (record != null && !record.info().key().equals(key)) {
            throw new IOException("the record at " + folder.recordPath(key) + " is for key "
                    + record.info().key() + ", not " + key);
        }
        return record;
    }

    private ObjectRecord requireRecord(BucketFolder folder, String key) throws IOException {
        folder.checkNotDeleted();
        ObjectRecord record = readRecord(folder, key);
        if (record == null) {
            throw new ObjectStoreException(
                    ObjectStoreError.NO_SUCH_KEY, "bucket " + folder.bucket.name() + " has no object with key " + key);
        }
        return record;
    }

    private @Nullable ObjectRecord readRecordFile(Path path) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return null;
        }
        recordReads.incrementAndGet();
        return ObjectRecord.decode(bytes, path);
    }

    // open and recovery

    private void load() throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(buckets)) {
            for (Path meta : stream) {
                String name = meta.getFileName().toString();
                Path file = meta.resolve(BUCKET_FILE);
                if (!BucketNames.isValid(name)) {
                    log.warn("Ignoring {}: {} is not a bucket name", meta, name);
                    continue;
                }
                if (!Files.exists(file)) {
                    // A bucket being created or deleted when the process stopped.
                    log.info("Removing bucket {}, whose creation or deletion was interrupted", name);
                    DurableFiles.deleteRecursively(meta);
                    DurableFiles.deleteRecursively(root.resolve(name));
                    continue;
                }
                BucketFolder folder = new BucketFolder(decodeBucket(name, Files.readAllBytes(file), file));
                DurableFiles.createDirectories(root, folder.data);
                DurableFiles.createDirectories(root, folder.index);
                DurableFiles.createDirectories(root, folder.tmp);
                Files.deleteIfExists(meta.resolve(BUCKET_FILE + ".tmp"));
                recover(folder);
                folders.put(name, folder);
            }
        }
    }

    /** Finishes or drops the writes that the tmp folder shows were under way. */
    private void recover(BucketFolder folder) throws IOException {
        List<Path> leftovers = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder.tmp)) {
            stream.forEach(leftovers::add);
        }
        leftovers.sort(null);
        for (Path path : leftovers) {
            String name = path.getFileName().toString();
            if (name.endsWith(".rec")) {
                recoverPut(folder, path, path.resolveSibling(name.replaceFirst("\\.rec$", ".data")));
            } else if (name.endsWith(".del")) {
                recoverDelete(folder, path);
            }
        }
        for (Path path : leftovers) {
            if (Files.deleteIfExists(path)) {
                log.info("Removed {}, left by a write that did not finish", path);
            }
        }
        DurableFiles.syncDirectory(folder.tmp);
    }

    private void recoverPut(BucketFolder folder, Path tmpRecord, Path tmpData) throws IOException {
        if (Files.exists(tmpData)) {
            return; // the bytes never left tmp: nothing was replaced, so the put is dropped
        }
        ObjectRecord record;
        try {
            record = ObjectRecord.decode(Files.readAllBytes(tmpRecord), tmpRecord);
        } catch (IOException e) {
            log.warn("Dropping {}: {}", tmpRecord, e.getMessage());
            return;
        }
        log.info(
                "Finishing the put of {} into bucket {}, interrupted after its bytes were in place",
                record.info().key(),
                folder.bucket.name());
        commitRecord(folder, record.info().key(), tmpRecord);
    }

    private void recoverDelete(BucketFolder folder, Path tombstone) throws IOException {
        ObjectRecord record;
        try {
            record = ObjectRecord.decode(Files.readAllBytes(tombstone), tombstone);
        } catch (IOException e) {
            log.warn("Dropping {}: {}", tombstone, e.getMessage());
            return;
        }
        Path recordPath = folder.recordPath(record.info().key());
        if (Files.exists(recordPath)) {
            return; // the delete had not begun
        }
        log.info(
                "Finishing the delete of {} from bucket {}, interrupted after its record was removed",
                record.info().key(),
                folder.bucket.name());
        deleteData(folder, record);
        pruneIndex(folder, recordPath.getParent());
    }

    /** Returns whether the file system under {@code state} tells apart names that differ in case or form. */
    private static boolean keepsNamesExactly(Path state) throws IOException {
        Path probe = state.resolve("probe-A\u00e9");
        Files.deleteIfExists(probe);
        Files.createFile(probe);
        try {
            return !Files.exists(state.resolve("probe-a\u00e9")) && !Files.exists(state.resolve("probe-Ae\u0301"));
        } finally {
            Files.delete(probe);
        }
    }

    // helpers

    private BucketFolder folder(String bucket) {
        requireNonNull(bucket, "bucket is null");
        checkOpen();
        BucketFolder folder = folders.get(bucket);
        if (folder == null) {
            throw new ObjectStoreException(ObjectStoreError.NO_SUCH_BUCKET, "bucket " + bucket + " does not exist");
        }
        return folder;
    }

    private void crashAt(Step step) {
        if (crashAfter == step) {
            crashAfter = null;
            throw new SimulatedCrash(step);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    private Instant now() {
        return clock.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static ObjectStoreException internalError(String what, IOException e) {
        return new ObjectStoreException(ObjectStoreError.INTERNAL_ERROR, what + ": " + e, e);
    }

    private static byte[] encode(Bucket bucket) {
        Properties properties = new Properties();
        properties.setProperty("name", bucket.name());
        properties.setProperty("owner", bucket.ownerAccountId());
        properties.setProperty("region", bucket.region());
        properties.setProperty("created", bucket.created().toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            properties.store(out, "Cairn bucket");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Bucket decodeBucket(String name, byte[] bytes, Path file) throws IOException {
        Properties properties = new Properties();
        properties.load(new ByteArrayInputStream(bytes));
        String owner = properties.getProperty("owner");
        String region = properties.getProperty("region");
        String created = properties.getProperty("created");
        if (owner == null || region == null || created == null) {
            throw new IOException(file + " lacks owner, region or created");
        }
        try {
            return new Bucket(name, owner, region, Instant.parse(created));
        } catch (DateTimeParseException e) {
            throw new IOException(file + " has a bad created time: " + created, e);
        }
    }

    static String etag(byte[] content) {
        try {
            return '"'
                    + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content))
                    + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("Could not remove {}; the next open removes it", path, e);
        }
    }

    private static void closeQuietly(@Nullable FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("Could not close {}", channel, e);
            }
        }
    }

    /** A bucket's folders and locks. */
    private final class BucketFolder {
        final Bucket bucket;
        final Path data;
        final Path meta;
        final Path index;
        final Path tmp;
        final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
        final ReentrantReadWriteLock[] keyLocks = new ReentrantReadWriteLock[KEY_LOCK_STRIPES];
        volatile boolean deleted;

        BucketFolder(Bucket bucket) {
            this.bucket = bucket;
            this.data = root.resolve(bucket.name());
            this.meta = buckets.resolve(bucket.name());
            this.index = meta.resolve("index");
            this.tmp = meta.resolve("tmp");
            for (int i = 0; i < keyLocks.length; i++) {
                keyLocks[i] = new ReentrantReadWriteLock();
            }
        }

        ReentrantReadWriteLock keyLock(String key) {
            return keyLocks[Math.floorMod(key.hashCode(), keyLocks.length)];
        }

        /** Returns the path of the record of {@code key}. */
        Path recordPath(String key) {
            List<String> segments = Names.segments(key);
            Path path = index;
            for (String segment : segments.subList(0, segments.size() - 1)) {
                path = path.resolve(Names.indexName(segment));
            }
            return path.resolve(Names.recordName(segments.getLast()));
        }

        /**
         * Returns the file at {@code dataPath}, relative to the bucket's folder: a natural key, or an escaped
         * name in {@link Names#ESCAPED_FOLDER}. Anything else (a record edited by hand) is refused, so that no
         * record can point outside the bucket's folder.
         */
        Path dataFile(String dataPath) throws IOException {
            String escaped = Names.ESCAPED_FOLDER + "/";
            if (dataPath.startsWith(escaped)) {
                String name = dataPath.substring(escaped.length());
                if (!name.isEmpty() && !name.contains("/") && !name.contains("\\") && !name.startsWith(".")) {
                    return data.resolve(Names.ESCAPED_FOLDER).resolve(name);
                }
            } else if (Names.isNaturalKey(dataPath)) {
                Path path = data;
                for (String name : Names.segments(dataPath)) {
                    path = path.resolve(name);
                }
                return path;
            }
            throw new IOException("a record of bucket " + bucket.name() + " names " + dataPath
                    + ", which is not a path the store makes");
        }

        void checkNotDeleted() {
            if (deleted) {
                throw new ObjectStoreException(
                        ObjectStoreError.NO_SUCH_BUCKET, "bucket " + bucket.name() + " does not exist");
            }
        }
    }
}
