package dev.cairn.trail;

import static java.util.Objects.requireNonNull;

import dev.cairn.metadata.MetadataBatch;
import dev.cairn.metadata.MetadataConflictException;
import dev.cairn.metadata.MetadataEntry;
import dev.cairn.metadata.MetadataStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The trails of every account, kept in a {@link MetadataStore} so that they survive restarts: the {@link
 * TrailCatalog} that trail delivery reads, and the store the CloudTrail control plane writes.
 *
 * <p>Each trail is one record of table {@value #TRAILS} under {@code <account>/<homeRegion>/<name>}; the
 * full Insights selectors of a trail that has them are a record of table {@value #INSIGHTS} under the same
 * key (the trail record holds their types only). Names are case-sensitive. Writes are atomic batches, so
 * inside a call's metadata transaction they become visible only when the call's event is durable.
 */
public final class TrailRepository implements TrailCatalog {
    static final String TRAILS = "trails";
    static final String INSIGHTS = "trail_insights";

    private final MetadataStore store;

    public TrailRepository(MetadataStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    /** Returns the trail named {@code name} that {@code accountId} created in {@code homeRegion}, if any. */
    public Optional<Trail> find(String accountId, String homeRegion, String name) {
        return store.get(TRAILS, key(accountId, homeRegion, name)).map(TrailCodec::decode);
    }

    @Override
    public Optional<Trail> byArn(String arn) {
        TrailArn parsed = TrailNames.parseArn(arn);
        return parsed == null ? Optional.empty() : find(parsed.accountId(), parsed.region(), parsed.name());
    }

    @Override
    public List<Trail> all() {
        return decodeAll(store.list(TRAILS, ""));
    }

    /** Returns the trails of one account, of every home region, ordered by home region and name. */
    public List<Trail> ofAccount(String accountId) {
        return decodeAll(store.list(TRAILS, accountId + "/"));
    }

    /**
     * Stores a new trail.
     *
     * @throws IllegalStateException when the account already has a trail of that name in that region
     */
    public void create(Trail trail) {
        String key = key(trail);
        try {
            store.apply(MetadataBatch.builder()
                    .expectAbsent(TRAILS, key)
                    .put(TRAILS, key, TrailCodec.encode(trail))
                    .delete(INSIGHTS, key)
                    .build());
        } catch (MetadataConflictException e) {
            throw new IllegalStateException("trail " + trail.arn() + " already exists", e);
        }
    }

    /**
     * Replaces a stored trail with {@code trail}, which has the same account, home region and name.
     *
     * @throws IllegalStateException when no such trail is stored
     */
    public void update(Trail trail) {
        String key = key(trail);
        try {
            store.apply(MetadataBatch.builder()
                    .expectPresent(TRAILS, key)
                    .put(TRAILS, key, TrailCodec.encode(trail))
                    .build());
        } catch (MetadataConflictException e) {
            throw new IllegalStateException("trail " + trail.arn() + " does not exist", e);
        }
    }

    /**
     * Replaces a stored trail and its Insights selectors in one batch; {@code trail}'s insight types must be
     * those of {@code insights}.
     */
    public void update(Trail trail, List<InsightSelector> insights) {
        List<String> types = insights.stream().map(InsightSelector::insightType).toList();
        if (!types.equals(trail.insightSelectors())) {
            throw new IllegalArgumentException(
                    "trail " + trail.arn() + " has insight types " + trail.insightSelectors() + ", not " + types);
        }
        String key = key(trail);
        MetadataBatch.Builder batch =
                MetadataBatch.builder().expectPresent(TRAILS, key).put(TRAILS, key, TrailCodec.encode(trail));
        if (insights.isEmpty()) {
            batch.delete(INSIGHTS, key);
        } else {
            batch.put(INSIGHTS, key, TrailCodec.encodeInsights(insights));
        }
        try {
            store.apply(batch.build());
        } catch (MetadataConflictException e) {
            throw new IllegalStateException("trail " + trail.arn() + " does not exist", e);
        }
    }

    /** Returns the Insights selectors of a trail, empty when it has none. */
    public List<InsightSelector> insightSelectors(Trail trail) {
        return store.get(INSIGHTS, key(trail)).map(TrailCodec::decodeInsights).orElse(List.of());
    }

    /** Deletes a trail and its Insights selectors; deleting a trail that is not stored changes nothing. */
    public void delete(Trail trail) {
        String key = key(trail);
        store.apply(MetadataBatch.builder()
                .delete(TRAILS, key)
                .delete(INSIGHTS, key)
                .build());
    }

    private static List<Trail> decodeAll(List<MetadataEntry> entries) {
        List<Trail> trails = new ArrayList<>(entries.size());
        for (MetadataEntry e : entries) {
            trails.add(TrailCodec.decode(e.value()));
        }
        return trails;
    }

    private static String key(Trail trail) {
        return key(trail.accountId(), trail.homeRegion(), trail.name());
    }

    static String key(String accountId, String homeRegion, String name) {
        return accountId + "/" + homeRegion + "/" + name;
    }
}
