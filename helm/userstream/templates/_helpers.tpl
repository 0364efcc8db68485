{{/* vim: set filetype=mustache: */}}

{{/*
Expand the name of the chart.
*/}}
{{- define "userstream.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
*/}}
{{- define "userstream.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "userstream.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Common labels: every resource carries them. Selector labels stay a small, immutable subset.
*/}}
{{- define "userstream.labels" -}}
helm.sh/chart: {{ include "userstream.chart" . }}
{{ include "userstream.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: userstream
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Selector labels
*/}}
{{- define "userstream.selectorLabels" -}}
app.kubernetes.io/name: {{ include "userstream.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
Labels of one component. Usage: include "userstream.componentLabels" (list . "ingest")
*/}}
{{- define "userstream.componentLabels" -}}
{{ include "userstream.labels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/*
Selector labels of one component. Usage: include "userstream.componentSelectorLabels" (list . "ingest")
*/}}
{{- define "userstream.componentSelectorLabels" -}}
{{ include "userstream.selectorLabels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/*
An image reference from {registry, repository, tag}; the tag defaults to the chart's appVersion.
Usage: include "userstream.image" (list .Values.ingest.image .Chart.AppVersion)
*/}}
{{- define "userstream.image" -}}
{{- $image := index . 0 -}}
{{- $tag := $image.tag | default (index . 1) | toString -}}
{{- if eq $tag "latest" -}}
{{- fail "image tags must be pinned: `latest` is not allowed" -}}
{{- end -}}
{{- if $image.registry -}}
{{- printf "%s/%s:%s" $image.registry $image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" $image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* ===== Kafka ===== */}}

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

{{/* ===== Cassandra ===== */}}

{{/*
Name of the K8ssandraCluster.
*/}}
{{- define "userstream.cassandra.name" -}}
{{- .Values.cassandra.name | default (include "userstream.fullname" .) -}}
{{- end -}}

{{/*
CQL contact point: cass-operator's service `<cluster>-<datacenter>-service`.
*/}}
{{- define "userstream.cassandra.contactPoints" -}}
{{- printf "%s-%s-service:9042" (include "userstream.cassandra.name" .) .Values.cassandra.datacenter.name -}}
{{- end -}}

{{/*
Superuser secret the K8ssandra operator generates (keys `username`, `password`).
*/}}
{{- define "userstream.cassandra.superuserSecret" -}}
{{- printf "%s-superuser" (include "userstream.cassandra.name" .) -}}
{{- end -}}

{{/* ===== Shared client wiring of ingest-service and spark-app ===== */}}

{{/*
Mount points of the credentials, the same in every pod.
*/}}
{{- define "userstream.paths.kafkaUser" -}}/etc/userstream/kafka-user{{- end -}}
{{- define "userstream.paths.kafkaCa" -}}/etc/userstream/kafka-ca{{- end -}}
{{- define "userstream.paths.cassandra" -}}/etc/userstream/cassandra{{- end -}}

{{/*
Connection settings both applications read (the environment contract), as a YAML map of strings.
Credentials are referenced as files, never as values. Only names both applications read belong
here (EnvContractTest checks them against ingest-service's and spark-app's sources).
Usage: include "userstream.clientEnv" (list . "ingest")
*/}}
{{- define "userstream.clientEnv" -}}
{{- $ := index . 0 -}}
{{- $component := index . 1 -}}
KAFKA_BOOTSTRAP_SERVERS: {{ include "userstream.kafka.bootstrapServers" $ | quote }}
KAFKA_SECURITY_PROTOCOL: {{ include "userstream.kafka.securityProtocol" $ | quote }}
{{- if $.Values.kafka.auth.enabled }}
KAFKA_SASL_MECHANISM: "SCRAM-SHA-512"
KAFKA_SASL_USERNAME: {{ include "userstream.kafka.userName" (list $ $component) | quote }}
KAFKA_SASL_PASSWORD_FILE: {{ printf "%s/password" (include "userstream.paths.kafkaUser" $) | quote }}
{{- end }}
{{- if $.Values.kafka.tls.enabled }}
KAFKA_SSL_TRUSTSTORE_FILE: {{ printf "%s/ca.crt" (include "userstream.paths.kafkaCa" $) | quote }}
{{- end }}
USERSTREAM_TOPIC: {{ $.Values.kafka.topics.main.name | quote }}
CASSANDRA_CONTACT_POINTS: {{ include "userstream.cassandra.contactPoints" $ | quote }}
CASSANDRA_LOCAL_DATACENTER: {{ $.Values.cassandra.datacenter.name | quote }}
CASSANDRA_USERNAME_FILE: {{ printf "%s/username" (include "userstream.paths.cassandra" $) | quote }}
CASSANDRA_PASSWORD_FILE: {{ printf "%s/password" (include "userstream.paths.cassandra" $) | quote }}
{{- end -}}

{{/*
A YAML map rendered as a list of EnvVar. Usage: include "userstream.envList" $map
*/}}
{{- define "userstream.envList" -}}
{{- range $name, $value := . }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end -}}
