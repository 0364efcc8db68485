{{/*
Name of the schema registry's resources (API); the web console's is `<name>-ui`.
*/}}
{{- define "userstream.registry.name" -}}
{{- printf "%s-registry" (include "userstream.fullname" .) | trunc 57 | trimSuffix "-" -}}
{{- end -}}

{{/*
The registry's address inside the namespace: what the ingest service gets as USERSTREAM_REGISTRY_URL.
*/}}
{{- define "userstream.registry.url" -}}
{{- printf "http://%s:8080" (include "userstream.registry.name" .) -}}
{{- end -}}
