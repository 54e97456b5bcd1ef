package dev.cairn.selector;

import dev.cairn.event.AuditEvent;
import dev.cairn.event.Resource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The filter of basic event selectors (spec §6.1, §6.3): an event is selected when any selector selects it.
 * A selector selects a management event when it includes management events, its ReadWriteType takes the
 * event's {@code readOnly}, and the event's source is not excluded; it selects a data event when its
 * ReadWriteType takes the event's {@code readOnly} and some item of the event's {@code resources} has one of
 * its data resource types and an ARN its values match. Insights, network activity and other events are never
 * selected.
 *
 * <p>Notes. ReadOnly takes events whose {@code readOnly} is true; WriteOnly takes all others, including the
 * few records without {@code readOnly} (such as console sign-ins). Values match ARNs as AWS documents: an S3
 * value is a prefix of object ARNs (so {@code arn:aws:s3} and {@code arn:aws:s3:::} take every object); a
 * Lambda or DynamoDB value is a whole ARN, except {@code arn:aws:lambda} and {@code arn:aws:dynamodb}, which
 * take every function or table (of that partition). Everything is compiled to arrays and hash sets up front,
 * so {@link #selects} compares strings and allocates nothing.
 */
final class BasicFilter implements EventFilter {

    /** The filter of the selectors of a trail that never had selectors put: all management events. */
    static final BasicFilter DEFAULT = new BasicFilter(BasicSelectors.defaults());

    private final Compiled[] selectors;

    BasicFilter(BasicSelectors selectors) {
        this.selectors = selectors.selectors().stream().map(Compiled::new).toArray(Compiled[]::new);
    }

    @Override
    public boolean selects(AuditEvent event) {
        Category category = Category.of(event);
        if (category == Category.MANAGEMENT) {
            Boolean readOnly = event.readOnly();
            String source = event.eventSource();
            for (Compiled selector : selectors) {
                if (selector.selectsManagement(readOnly, source)) {
                    return true;
                }
            }
        } else if (category == Category.DATA) {
            List<Resource> resources = event.resources();
            if (resources == null || resources.isEmpty()) {
                return false;
            }
            Boolean readOnly = event.readOnly();
            for (Compiled selector : selectors) {
                if (selector.selectsData(readOnly, resources)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One selector, compiled. */
    private static final class Compiled {
        private final boolean includeManagementEvents;
        private final ReadWriteType readWriteType;
        private final String[] excludedSources;
        private final TypeMatcher[] dataResources;

        Compiled(EventSelector selector) {
            includeManagementEvents = selector.includeManagementEvents();
            readWriteType = selector.readWriteType();
            excludedSources = selector.excludeManagementEventSources().toArray(String[]::new);
            Map<String, List<String>> valuesByType = new LinkedHashMap<>();
            for (DataResource resource : selector.dataResources()) {
                valuesByType
                        .computeIfAbsent(resource.type(), type -> new ArrayList<>())
                        .addAll(resource.values());
            }
            dataResources = valuesByType.entrySet().stream()
                    .map(entry -> new TypeMatcher(entry.getKey(), entry.getValue()))
                    .toArray(TypeMatcher[]::new);
        }

        boolean selectsManagement(@Nullable Boolean readOnly, @Nullable String source) {
            if (!includeManagementEvents || !takes(readOnly)) {
                return false;
            }
            for (String excluded : excludedSources) {
                if (excluded.equals(source)) {
                    return false;
                }
            }
            return true;
        }

        boolean selectsData(@Nullable Boolean readOnly, List<Resource> resources) {
            if (dataResources.length == 0 || !takes(readOnly)) {
                return false;
            }
            for (int i = 0; i < resources.size(); i++) {
                Resource resource = resources.get(i);
                String type = resource.type();
                String arn = resource.arn();
                String arnPrefix = arn == null ? resource.arnPrefix() : null;
                if (type == null || (arn == null && arnPrefix == null)) {
                    continue;
                }
                for (TypeMatcher matcher : dataResources) {
                    if (arn != null ? matcher.matches(type, arn) : matcher.overlaps(type, arnPrefix)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean takes(@Nullable Boolean readOnly) {
            return switch (readWriteType) {
                case ALL -> true;
                case READ_ONLY -> Boolean.TRUE.equals(readOnly);
                case WRITE_ONLY -> !Boolean.TRUE.equals(readOnly);
            };
        }
    }

    /** The values of one data resource type of a selector: ARN prefixes, and whole ARNs. */
    private static final class TypeMatcher {
        private final String type;
        private final String[] prefixes;
        private final Set<String> arns;

        TypeMatcher(String type, List<String> values) {
            this.type = type;
            List<String> prefixes = new ArrayList<>();
            Set<String> arns = new HashSet<>();
            for (String value : values) {
                if (type.equals("AWS::S3::Object")) {
                    prefixes.add(value);
                } else if (SelectorRules.isAllResources(type, value)) {
                    prefixes.add(value + ":");
                } else {
                    arns.add(value);
                }
            }
            this.prefixes = prefixes.toArray(String[]::new);
            this.arns = Set.copyOf(arns);
        }

        boolean matches(String resourceType, String arn) {
            if (!type.equals(resourceType)) {
                return false;
            }
            for (String prefix : prefixes) {
                if (arn.startsWith(prefix)) {
                    return true;
                }
            }
            return arns.contains(arn);
        }

        /**
         * Whether a selector value and the resources under {@code arnPrefix} (a ListObjects of a bucket, {@code
         * arn:aws:s3:::bucket/}) have objects in common: the value covers the prefix, or lies inside it.
         */
        boolean overlaps(String resourceType, String arnPrefix) {
            if (!type.equals(resourceType)) {
                return false;
            }
            for (String prefix : prefixes) {
                if (arnPrefix.startsWith(prefix) || prefix.startsWith(arnPrefix)) {
                    return true;
                }
            }
            for (String arn : arns) {
                if (arn.startsWith(arnPrefix)) {
                    return true;
                }
            }
            return false;
        }
    }
}
