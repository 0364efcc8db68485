package io.userstream.helm;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Strict validation of built-in kinds with the Kubernetes client's generated models: their
 * {@code validateJsonElement} rejects fields the API does not know and misses of required ones
 * (fabric8's models would keep unknown fields silently).
 */
final class CoreValidator {

    /** The `apiVersion kind` pairs the chart may render, and the model that validates each. */
    private static final Map<String, Validation> MODELS = Map.ofEntries(
            Map.entry("v1 ConfigMap", V1ConfigMap::validateJsonElement),
            Map.entry("v1 PersistentVolumeClaim", V1PersistentVolumeClaim::validateJsonElement),
            Map.entry("v1 Pod", V1Pod::validateJsonElement),
            Map.entry("v1 Secret", V1Secret::validateJsonElement),
            Map.entry("v1 Service", V1Service::validateJsonElement),
            Map.entry("v1 ServiceAccount", V1ServiceAccount::validateJsonElement),
            Map.entry("apps/v1 Deployment", V1Deployment::validateJsonElement),
            Map.entry("batch/v1 Job", V1Job::validateJsonElement),
            Map.entry("policy/v1 PodDisruptionBudget", V1PodDisruptionBudget::validateJsonElement),
            Map.entry("networking.k8s.io/v1 NetworkPolicy", V1NetworkPolicy::validateJsonElement),
            Map.entry("rbac.authorization.k8s.io/v1 Role", V1Role::validateJsonElement),
            Map.entry("rbac.authorization.k8s.io/v1 RoleBinding", V1RoleBinding::validateJsonElement));

    private static final Gson GSON = new Gson();

    private CoreValidator() {
    }

    static boolean handles(Manifests.Resource resource) {
        return MODELS.containsKey(key(resource));
    }

    /** Empty when valid, else the model's complaint. */
    static Optional<String> validate(Manifests.Resource resource) {
        return run(MODELS.get(key(resource)), GSON.toJsonTree(resource.body()));
    }

    /** Custom resources' metadata is not covered by their CRD schema: check it as an ObjectMeta. */
    static Optional<String> validateMetadata(Manifests.Resource resource) {
        return run(V1ObjectMeta::validateJsonElement, GSON.toJsonTree(resource.body().get("metadata")));
    }

    private static Optional<String> run(Validation validation, JsonElement json) {
        try {
            validation.validate(json);
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static String key(Manifests.Resource resource) {
        return resource.apiVersion() + " " + resource.kind();
    }

    @FunctionalInterface
    private interface Validation {
        void validate(JsonElement json) throws IOException;
    }
}
