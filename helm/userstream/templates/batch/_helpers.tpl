{{/*
Name of the batch layer's ScheduledSparkApplication; each run is a SparkApplication
`<name>-<timestamp>` the operator creates.
*/}}
{{- define "userstream.batch.name" -}}
{{- printf "%s-batch" (include "userstream.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Environment of the batch job: the Cassandra part of the streaming job's (BatchSettings reads only
these), so both jobs reach the same keyspace with the same credentials.
*/}}
{{- define "userstream.batch.env" -}}
{{- $client := include "userstream.clientEnv" (list . "spark") | fromYaml -}}
{{- $env := dict -}}
{{- range $name, $value := $client }}
{{- if hasPrefix "CASSANDRA_" $name }}
{{- $_ := set $env $name $value -}}
{{- end }}
{{- end }}
{{- $_ := set $env "CASSANDRA_REPLICATION_STRATEGY" .Values.cassandra.keyspace.replicationStrategy -}}
{{- $_ := set $env "CASSANDRA_REPLICATION_FACTOR" (toString .Values.cassandra.keyspace.replicationFactor) -}}
{{- $_ := set $env "CASSANDRA_CONSISTENCY_LEVEL" .Values.spark.cassandraWrite.consistencyLevel -}}
{{- include "userstream.envList" $env -}}
{{- end -}}
