# METADATA
# title: Rule parameters
# description: |
#   Reads rule parameters from data.storewatch.config.params (set from storewatch.yaml),
#   falling back to each rule's documented default.
package storewatch.lib.config

# param returns the parameter key of rule id, or def when the configuration does not set it.
param(id, key, def) := object.get(data.storewatch.config, ["params", id, key], def)
