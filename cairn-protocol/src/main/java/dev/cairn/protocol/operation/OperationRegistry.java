package dev.cairn.protocol.operation;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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

    /** Starts registering the operations of {@code service}. */
    public ServiceRegistration service(ServiceModel service) {
        ServiceModel existing = servicesBySigningName.putIfAbsent(service.signingName(), service);
        if (existing != null && !existing.equals(service)) {
            throw new IllegalStateException("service " + service.signingName() + " is already registered as " + existing);
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

        private ServiceRegistration add(String name, boolean readOnly, OperationHandler handler) {
            requireNonNull(name, "name is null");
            Operation previous =
                    operations.get(service.signingName()).put(name, new Operation(service, name, readOnly, handler));
            if (previous != null) {
                throw new IllegalStateException("operation " + service.signingName() + ":" + name + " is registered twice");
            }
            return this;
        }
    }
}
