{{/*
Name of the Kafka UI resources.
*/}}
{{- define "userstream.kafkaUi.name" -}}
{{- printf "%s-kafka-ui" (include "userstream.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
