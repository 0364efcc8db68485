{{/* Names and addresses of the Strimzi Kafka cluster, shared by every component that connects to it. */}}

{{/*
Name of the Strimzi Kafka cluster.
*/}}
{{- define "userstream.kafka.name" -}}
{{- .Values.kafka.name | default (include "userstream.fullname" .) -}}
{{- end -}}

{{/*
Port of the listener the clients use: 9093 (TLS) or 9092 (plain).
*/}}
{{- define "userstream.kafka.port" -}}
{{- if .Values.kafka.tls.enabled -}}9093{{- else -}}9092{{- end -}}
{{- end -}}

{{/*
Bootstrap address: Strimzi names the service `<cluster>-kafka-bootstrap`.
*/}}
{{- define "userstream.kafka.bootstrapServers" -}}
{{- printf "%s-kafka-bootstrap:%s" (include "userstream.kafka.name" .) (include "userstream.kafka.port" .) -}}
{{- end -}}

{{/*
Kafka client security.protocol matching the listener the clients use.
*/}}
{{- define "userstream.kafka.securityProtocol" -}}
{{- if and .Values.kafka.auth.enabled .Values.kafka.tls.enabled -}}SASL_SSL
{{- else if .Values.kafka.auth.enabled -}}SASL_PLAINTEXT
{{- else if .Values.kafka.tls.enabled -}}SSL
{{- else -}}PLAINTEXT
{{- end -}}
{{- end -}}

{{/*
Secret with the cluster CA certificate (Strimzi: `<cluster>-cluster-ca-cert`, key `ca.crt`).
*/}}
{{- define "userstream.kafka.caSecret" -}}
{{- printf "%s-cluster-ca-cert" (include "userstream.kafka.name" .) -}}
{{- end -}}

{{/*
ConfigMap and key of the JMX exporter rules (kafka.metrics.jmxExporter).
*/}}
{{- define "userstream.kafka.metricsConfigMap" -}}
{{- printf "%s-kafka-metrics" (include "userstream.kafka.name" .) -}}
{{- end -}}
{{- define "userstream.kafka.metricsConfigKey" -}}kafka-metrics-config.yml{{- end -}}

{{/*
KafkaUser of a component; the User Operator writes its password into a secret of the same name.
Usage: include "userstream.kafka.userName" (list . "ingest")
*/}}
{{- define "userstream.kafka.userName" -}}
{{- printf "%s-%s" (include "userstream.fullname" (index . 0)) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Labels of the Kafka resources. Strimzi copies the labels of Kafka and KafkaNodePool onto the
broker pods, so those two carry the version-free pod labels ("userstream.kafka.podLabels").
*/}}
{{- define "userstream.kafka.labels" -}}
{{ include "userstream.componentLabels" (list . "kafka") }}
{{- end -}}
{{- define "userstream.kafka.podLabels" -}}
{{ include "userstream.podLabels" (list . "kafka" dict) }}
{{- end -}}

{{/*
Name of the KafkaNodePool: prefixed with the cluster's name, since pools are namespaced objects and
two releases in one namespace would otherwise fight over `dual-role`.
*/}}
{{- define "userstream.kafka.nodePoolName" -}}
{{- printf "%s-%s" (include "userstream.kafka.name" .) .Values.kafka.nodePool.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
