package dev.cairn.server.cloudtrail;

import static dev.cairn.server.cloudtrail.TrailWire.NODES;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.bucket.ObjectStore;
import dev.cairn.protocol.operation.Call;
import dev.cairn.protocol.operation.Input;
import dev.cairn.selector.AdvancedEventSelector;
import dev.cairn.selector.AdvancedSelectors;
import dev.cairn.selector.BasicSelectors;
import dev.cairn.selector.EventSelector;
import dev.cairn.selector.FieldSelector;
import dev.cairn.selector.InvalidEventSelectorsException;
import dev.cairn.selector.ReadWriteType;
import dev.cairn.selector.SelectorRules;
import dev.cairn.selector.TrailSelectors;
import dev.cairn.trail.InsightSelector;
import dev.cairn.trail.Trail;
import dev.cairn.trail.TrailRepository;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * CloudTrail's PutEventSelectors, GetEventSelectors, PutInsightSelectors and GetInsightSelectors on trails.
 *
 * <p>Event selectors: a request gives exactly one kind, which replaces whatever the trail had, and sets
 * HasCustomEventSelectors. A trail that never had selectors put reports the basic default (all management
 * events, no data events), as AWS reports it for trails created through the API.
 *
 * <p>Insights selectors are stored, not acted on. A request replaces the list; an empty list turns Insights
 * off. ApiCallRateInsight on management events needs the trail to log write management events,
 * ApiErrorRateInsight on management events needs it to log management events, and either on data events
 * needs it to log data events, else InvalidInsightSelectorsException.
 */
final class TrailSelectorsOps {
    private static final Set<String> INSIGHT_TYPES =
            Set.of(InsightSelector.API_CALL_RATE, InsightSelector.API_ERROR_RATE);
    private static final Set<String> INSIGHT_CATEGORIES = Set.of("Management", "Data");

    private final TrailRepository trails;
    private final TrailLookup lookup;
    private final ObjectStore buckets;

    TrailSelectorsOps(TrailRepository trails, TrailLookup lookup, ObjectStore buckets) {
        this.trails = requireNonNull(trails, "trails is null");
        this.lookup = requireNonNull(lookup, "lookup is null");
        this.buckets = requireNonNull(buckets, "buckets is null");
    }

    // ---- event selectors -----------------------------------------------------------------------

    ObjectNode putEventSelectors(Call call) {
        Trail trail = lookup.owned(call, "TrailName");
        ObjectNode in = call.input().members();
        TrailSelectors selectors;
        try {
            selectors = SelectorsWire.read(in.get("EventSelectors"), in.get("AdvancedEventSelectors"));
            SelectorRules.validate(selectors);
        } catch (InvalidEventSelectorsException e) {
            throw CloudTrailError.INVALID_EVENT_SELECTORS.withMessage(String.valueOf(e.getMessage()));
        }
        TrailDraft draft = new TrailDraft(trail);
        draft.selectors = selectors;
        trails.update(draft.build());
        ObjectNode out = NODES.objectNode();
        out.put("TrailARN", trail.arn());
        SelectorsWire.write(selectors, out);
        return out;
    }

    ObjectNode getEventSelectors(Call call) {
        Trail trail = lookup.visible(call, "TrailName");
        ObjectNode out = NODES.objectNode();
        out.put("TrailARN", trail.arn());
        SelectorsWire.write(effective(trail), out);
        return out;
    }

    private static TrailSelectors effective(Trail trail) {
        return trail.selectors() == null ? BasicSelectors.defaults() : trail.selectors();
    }

    // ---- insight selectors ---------------------------------------------------------------------

    ObjectNode putInsightSelectors(Call call) {
        Input in = call.input();
        rejectEventDataStores(in);
        if (!in.has("TrailName")) {
            throw CloudTrailError.INVALID_PARAMETER_COMBINATION.withMessage(
                    "Specify TrailName, the trail whose Insights selectors are put.");
        }
        Trail trail = lookup.owned(call, "TrailName");
        List<InsightSelector> selectors = readInsights(in.members().get("InsightSelectors"));
        checkPreconditions(trail, selectors);
        Trails.checkBucketExists(buckets, trail.s3BucketName());
        TrailDraft draft = new TrailDraft(trail);
        draft.insightSelectors =
                selectors.stream().map(InsightSelector::insightType).toList();
        trails.update(draft.build(), selectors);
        ObjectNode out = NODES.objectNode();
        out.put("TrailARN", trail.arn());
        out.set("InsightSelectors", wire(selectors));
        return out;
    }

    ObjectNode getInsightSelectors(Call call) {
        Input in = call.input();
        rejectEventDataStores(in);
        if (!in.has("TrailName")) {
            throw CloudTrailError.INVALID_PARAMETER_COMBINATION.withMessage(
                    "Specify TrailName, the trail whose Insights selectors are described.");
        }
        Trail trail = lookup.visible(call, "TrailName");
        List<InsightSelector> selectors = trails.insightSelectors(trail);
        if (selectors.isEmpty()) {
            throw CloudTrailError.INSIGHT_NOT_ENABLED.withMessage("Trail " + trail.arn()
                    + " does not have Insights enabled. Edit the trail settings to enable Insights, and then try the"
                    + " operation again.");
        }
        ObjectNode out = NODES.objectNode();
        out.put("TrailARN", trail.arn());
        out.set("InsightSelectors", wire(selectors));
        return out;
    }

    private static void rejectEventDataStores(Input in) {
        if (in.has("EventDataStore") || in.has("InsightsDestination")) {
            throw CloudTrailError.UNSUPPORTED_OPERATION.withMessage(
                    "Insights on CloudTrail Lake event data stores are not supported; specify a TrailName.");
        }
    }

    private static List<InsightSelector> readInsights(@Nullable JsonNode list) {
        if (list == null || list.isNull() || !list.isArray()) {
            throw CloudTrailError.INVALID_INSIGHT_SELECTORS.withMessage(
                    "InsightSelectors must be a list of Insights selectors; an empty list turns Insights off.");
        }
        List<InsightSelector> selectors = new ArrayList<>();
        Set<String> types = new LinkedHashSet<>();
        for (JsonNode item : list) {
            JsonNode typeNode = item.get("InsightType");
            String type = typeNode == null || !typeNode.isTextual() ? null : typeNode.textValue();
            if (type == null || !INSIGHT_TYPES.contains(type)) {
                throw CloudTrailError.INVALID_INSIGHT_SELECTORS.withMessage(
                        "InsightType " + type
                                + " is not valid. Valid values for InsightType are ApiCallRateInsight and ApiErrorRateInsight.");
            }
            if (!types.add(type)) {
                throw CloudTrailError.INVALID_INSIGHT_SELECTORS.withMessage(
                        "InsightType " + type + " is given twice; each Insights type may be given once.");
            }
            List<String> categories = null;
            JsonNode categoryNode = item.get("EventCategories");
            if (categoryNode != null && !categoryNode.isNull()) {
                categories = new ArrayList<>();
                for (JsonNode c : categoryNode.isArray() ? categoryNode : List.of(categoryNode)) {
                    if (!c.isTextual() || !INSIGHT_CATEGORIES.contains(c.textValue())) {
                        throw CloudTrailError.INVALID_INSIGHT_SELECTORS.withMessage(
                                "EventCategories value " + c + " is not valid. Valid values are Management and Data.");
                    }
                    categories.add(c.textValue());
                }
            }
            selectors.add(new InsightSelector(type, categories));
        }
        return selectors;
    }

    private static void checkPreconditions(Trail trail, List<InsightSelector> selectors) {
        TrailSelectors logged = effective(trail);
        for (InsightSelector s : selectors) {
            for (String category : s.effectiveEventCategories()) {
                if (category.equals("Data")) {
                    if (!logsData(logged)) {
                        throw CloudTrailError.INVALID_INSIGHT_SELECTORS.withMessage("Trail " + trail.arn()
                                + " does not log data events; " + s.insightType()
                                + " on data events needs the trail to log read or write data events.");
                    }
                } else if (s.insightType().equals(InsightSelector.API_CALL_RATE)) {
                    if (!logsManagement(logged, true)) {
                        throw CloudTrailError.INVALID_INSIGHT_SELECTORS.withMessage("Trail " + trail.arn()
                                + " does not log write management events; ApiCallRateInsight needs the trail to log"
                                + " write management events.");
                    }
                } else if (!logsManagement(logged, false)) {
                    throw CloudTrailError.INVALID_INSIGHT_SELECTORS.withMessage("Trail " + trail.arn()
                            + " does not log management events; ApiErrorRateInsight needs the trail to log read or"
                            + " write management events.");
                }
            }
        }
    }

    /** Returns whether the selectors take management events ({@code writes}: write management events). */
    static boolean logsManagement(TrailSelectors selectors, boolean writes) {
        return switch (selectors) {
            case BasicSelectors basic ->
                basic.selectors().stream()
                        .anyMatch(s -> s.includeManagementEvents()
                                && (!writes || s.readWriteType() != ReadWriteType.READ_ONLY));
            case AdvancedSelectors advanced ->
                advanced.selectors().stream()
                        .anyMatch(s -> hasCategory(s, "Management") && (!writes || takesWrites(s)));
        };
    }

    /** Returns whether the selectors take data events. */
    static boolean logsData(TrailSelectors selectors) {
        return switch (selectors) {
            case BasicSelectors basic ->
                basic.selectors().stream().map(EventSelector::dataResources).anyMatch(r -> !r.isEmpty());
            case AdvancedSelectors advanced -> advanced.selectors().stream().anyMatch(s -> hasCategory(s, "Data"));
        };
    }

    private static boolean hasCategory(AdvancedEventSelector s, String category) {
        return s.fieldSelectors().stream()
                .anyMatch(f -> f.field().equals("eventCategory")
                        && f.equalsValues() != null
                        && f.equalsValues().contains(category));
    }

    /** Returns whether an advanced selector's {@code readOnly} conditions let write events ({@code false}) through. */
    private static boolean takesWrites(AdvancedEventSelector s) {
        for (FieldSelector f : s.fieldSelectors()) {
            if (!f.field().equals("readOnly")) {
                continue;
            }
            if (f.equalsValues() != null && !f.equalsValues().contains("false")) {
                return false;
            }
            if (f.notEquals() != null && f.notEquals().contains("false")) {
                return false;
            }
        }
        return true;
    }

    private static ArrayNode wire(List<InsightSelector> selectors) {
        ArrayNode list = NODES.arrayNode();
        for (InsightSelector s : selectors) {
            ObjectNode m = list.addObject();
            m.put("InsightType", s.insightType());
            if (s.eventCategories() != null) {
                ArrayNode categories = m.putArray("EventCategories");
                s.eventCategories().forEach(categories::add);
            }
        }
        return list;
    }
}
