package io.userstream.localstack.junit;

import io.userstream.localstack.CassandraNode;
import io.userstream.localstack.KafkaNode;
import io.userstream.localstack.LocalStack;
import io.userstream.localstack.SharedLocalStack;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.ArrayList;
import java.util.List;

/**
 * JUnit 5 extension behind {@link LocalStackTest}: makes sure the shared stack runs the services the
 * class asks for (started once per test JVM), and hands the nodes to the test as parameters.
 */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        SharedLocalStack.require(wanted(context).toArray(LocalStack.Service[]::new));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalStack.class || type == KafkaNode.class || type == CassandraNode.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalStack stack = SharedLocalStack.require(wanted(context).toArray(LocalStack.Service[]::new));
        Class<?> type = parameter.getParameter().getType();
        if (type == KafkaNode.class) {
            return stack.kafka();
        }
        if (type == CassandraNode.class) {
            return stack.cassandra();
        }
        return stack;
    }

    private static List<LocalStack.Service> wanted(ExtensionContext context) {
        LocalStackTest config = context.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, LocalStackTest.class))
                .orElse(null);
        List<LocalStack.Service> services = new ArrayList<>();
        if (config == null || config.kafka()) {
            services.add(LocalStack.Service.KAFKA);
        }
        if (config == null || config.cassandra()) {
            services.add(LocalStack.Service.CASSANDRA);
        }
        return services;
    }
}
