{{/*
Name of the Kafka UI resources.
*/}}
{{- define "userstream.kafkaUi.name" -}}
{{- printf "%s-kafka-ui" (include "userstream.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Labels of the Kafka UI resources, its selector, and its pods (see "userstream.podLabels").
*/}}
{{- define "userstream.kafkaUi.labels" -}}
{{ include "userstream.componentLabels" (list . "kafka-ui") }}
{{- end -}}
{{- define "userstream.kafkaUi.selectorLabels" -}}
{{ include "userstream.componentSelectorLabels" (list . "kafka-ui") }}
{{- end -}}
{{- define "userstream.kafkaUi.podLabels" -}}
{{ include "userstream.podLabels" (list . "kafka-ui" .Values.kafkaUi.podLabels) }}
{{- end -}}
