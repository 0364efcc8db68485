{{/*
Name of the SparkApplication; the operator names the driver pod `<name>-driver` and the UI
service `<name>-ui-svc`.
*/}}
{{- define "userstream.spark.name" -}}
{{- printf "%s-spark" (include "userstream.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
ServiceAccount of the driver and the executors.
*/}}
{{- define "userstream.spark.serviceAccountName" -}}
{{- if .Values.spark.serviceAccount.create -}}
{{- .Values.spark.serviceAccount.name | default (include "userstream.spark.name" .) -}}
{{- else -}}
{{- .Values.spark.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{/*
PVC of the streaming query's checkpoint.
*/}}
{{- define "userstream.spark.checkpointClaim" -}}
{{- printf "%s-checkpoint" (include "userstream.spark.name" .) -}}
{{- end -}}

{{/*
Secret volumes both driver and executors mount: Spark's Kafka source and sink run on the executors,
so they need the same files as the driver. Cassandra: the job's own role (read and write its
tables), never the superuser's secret.
*/}}
{{- define "userstream.spark.secrets" -}}
- name: {{ include "userstream.cassandra.roleSecret" (list . "spark") }}
  path: {{ include "userstream.paths.cassandra" . }}
  secretType: Generic
{{- if .Values.kafka.auth.enabled }}
- name: {{ include "userstream.kafka.userName" (list . "spark") }}
  path: {{ include "userstream.paths.kafkaUser" . }}
  secretType: Generic
{{- end }}
{{- if .Values.kafka.tls.enabled }}
- name: {{ include "userstream.kafka.caSecret" . }}
  path: {{ include "userstream.paths.kafkaCa" . }}
  secretType: Generic
{{- end }}
{{- if .Values.cassandra.sslEnabled }}
{{- /* the client certificate's Secret (its truststore.jks: the release's Cassandra CA), never the nodes' */}}
- name: {{ include "userstream.cassandra.tlsSecret" (list . "client") }}
  path: {{ include "userstream.paths.cassandraTls" . }}
  secretType: Generic
- name: {{ include "userstream.cassandra.tlsPasswordSecret" . }}
  path: {{ include "userstream.paths.cassandraTlsPassword" . }}
  secretType: Generic
{{- end }}
{{- end -}}

{{/*
Environment of driver and executors: the shared client settings plus the job's own.
*/}}
{{- define "userstream.spark.env" -}}
{{- $s := .Values.spark -}}
{{- $env := include "userstream.clientEnv" (list . "spark") | fromYaml -}}
{{- $_ := set $env "SPARK_CHECKPOINT_LOCATION" (printf "%s/users-created" $s.checkpoint.mountPath) -}}
{{- $_ := set $env "USERSTREAM_STARTING_OFFSETS" $s.streaming.startingOffsets -}}
{{- $_ := set $env "USERSTREAM_MAX_OFFSETS_PER_TRIGGER" (toString $s.streaming.maxOffsetsPerTrigger) -}}
{{- $_ := set $env "USERSTREAM_TRIGGER_INTERVAL" $s.streaming.triggerInterval -}}
{{- $_ := set $env "USERSTREAM_FAIL_ON_DATA_LOSS" (toString $s.streaming.failOnDataLoss) -}}
{{- $_ := set $env "CASSANDRA_REPLICATION_STRATEGY" .Values.cassandra.keyspace.replicationStrategy -}}
{{- $_ := set $env "CASSANDRA_REPLICATION_FACTOR" (toString .Values.cassandra.keyspace.replicationFactor) -}}
{{- $_ := set $env "CASSANDRA_CONSISTENCY_LEVEL" $s.cassandraWrite.consistencyLevel -}}
{{- $_ := set $env "CASSANDRA_CONCURRENT_WRITES" (toString $s.cassandraWrite.concurrentWrites) -}}
{{- with $s.cassandraWrite.batchSizeRows }}
{{- $_ := set $env "CASSANDRA_BATCH_SIZE_ROWS" (toString .) -}}
{{- end }}
{{- include "userstream.envList" $env -}}
{{- end -}}

{{/*
Labels of the Spark resources, and of the driver and executor pods. The operator copies the
SparkApplication's own labels onto both pods as well, so the SparkApplication carries pod labels.
Never `spark-role` here: Spark reserves it and refuses the submission (SparkSubmissionRehearsalTest).
*/}}
{{- define "userstream.spark.labels" -}}
{{ include "userstream.componentLabels" (list . "spark") }}
{{- end -}}
{{- define "userstream.spark.podLabels" -}}
{{ include "userstream.podLabels" (list . "spark" .Values.spark.podLabels) }}
{{- end -}}
