package dev.cairn.protocol.operation;

import static java.util.Objects.requireNonNull;

import dev.cairn.protocol.json.PathTemplate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The operations Cairn serves, by service and name. A service registers each operation with one line:
 *
 * <pre>{@code
 * registry.service(STS)
 *     .read("GetCallerIdentity", this::getCallerIdentity)
 *     .write("AssumeRole", this::assumeRole);
 * }</pre>
 */
public final class OperationRegistry {
    private final Map<String, ServiceModel> servicesBySigningName = new ConcurrentHashMap<>();
    private final Map<String, ServiceModel> servicesByTargetPrefix = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Operation>> operations = new ConcurrentHashMap<>();
    private final Map<String, List<RestRoute>> routes = new ConcurrentHashMap<>();

    /** A REST-JSON operation's HTTP method and URI template. */
    public record RestRoute(String method, PathTemplate path, Operation operation) {}

    /** A REST-JSON operation matched to a request, with the labels its path bound. */
    public record RestMatch(Operation operation, Map<String, String> labels) {}

    /** Starts registering the operations of {@code service}. */
    public ServiceRegistration service(ServiceModel service) {
        ServiceModel existing = servicesBySigningName.putIfAbsent(service.signingName(), service);
        if (existing != null && !existing.equals(service)) {
            throw new IllegalStateException(
                    "service " + service.signingName() + " is already registered as " + existing);
        }
        if (service.targetPrefix() != null) {
            servicesByTargetPrefix.put(service.targetPrefix(), service);
        }
        operations.computeIfAbsent(service.signingName(), k -> new HashMap<>());
        return new ServiceRegistration(service);
    }

    public Optional<ServiceModel> serviceBySigningName(String signingName) {
        return Optional.ofNullable(servicesBySigningName.get(signingName));
    }

    public Optional<ServiceModel> serviceByTargetPrefix(String targetPrefix) {
        return Optional.ofNullable(servicesByTargetPrefix.get(targetPrefix));
    }

    public Optional<Operation> operation(ServiceModel service, String name) {
        Map<String, Operation> ops = operations.get(service.signingName());
        return ops == null ? Optional.empty() : Optional.ofNullable(ops.get(name));
    }

    /** Finds the REST-JSON operation of {@code service} for a method and a raw path. */
    public Optional<RestMatch> route(ServiceModel service, String method, String rawPath) {
        for (RestRoute route : routes.getOrDefault(service.signingName(), List.of())) {
            if (route.method().equals(method)) {
                Optional<Map<String, String>> labels = route.path().match(rawPath);
                if (labels.isPresent()) {
                    return Optional.of(new RestMatch(route.operation(), labels.get()));
                }
            }
        }
        return Optional.empty();
    }

    public Collection<ServiceModel> services() {
        return servicesBySigningName.values();
    }

    /** Adds the operations of one service. */
    public final class ServiceRegistration {
        private final ServiceModel service;

        private ServiceRegistration(ServiceModel service) {
            this.service = service;
        }

        /** Registers an operation that changes nothing ({@code readOnly: true} in its events). */
        public ServiceRegistration read(String name, OperationHandler handler) {
            return add(name, true, handler);
        }

        /** Registers an operation that changes state ({@code readOnly: false}). */
        public ServiceRegistration write(String name, OperationHandler handler) {
            return add(name, false, handler);
        }

        /**
         * Registers a REST-JSON operation at {@code method} and a URI template such as
         * {@code /restapis/{restapi_id}}; its labels become input members of the same names.
         */
        public ServiceRegistration rest(
                String method, String pathTemplate, String name, boolean readOnly, OperationHandler handler) {
            add(name, readOnly, handler);
            routes.computeIfAbsent(service.signingName(), k -> new CopyOnWriteArrayList<>())
                    .add(new RestRoute(
                            method,
                            PathTemplate.of(pathTemplate),
                            operations.get(service.signingName()).get(name)));
            return this;
        }

        private ServiceRegistration add(String name, boolean readOnly, OperationHandler handler) {
            requireNonNull(name, "name is null");
            Operation previous =
                    operations.get(service.signingName()).put(name, new Operation(service, name, readOnly, handler));
            if (previous != null) {
                throw new IllegalStateException(
                        "operation " + service.signingName() + ":" + name + " is registered twice");
            }
            return this;
        }
    }
}
