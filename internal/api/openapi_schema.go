package api

// Helpers that build JSON Schema (2020-12, as OpenAPI 3.1 uses) as plain
// maps, so the document reads close to what it produces.

type schema = map[string]any

type prop struct {
	name string
	s    schema
}

func field(name string, s schema) prop { return prop{name, s} }

// object is a closed object; required lists the members a client can rely on.
func object(required []string, props ...prop) schema {
	ps := schema{}
	for _, p := range props {
		ps[p.name] = p.s
	}
	out := schema{"type": "object", "properties": ps, "additionalProperties": false}
	if len(required) > 0 {
		out["required"] = required
	}
	return out
}

func str() schema                 { return schema{"type": "string"} }
func strDesc(d string) schema     { return schema{"type": "string", "description": d} }
func strFmt(format string) schema { return schema{"type": "string", "format": format} }
func date() schema {
	return schema{"type": "string", "format": "date", "description": "YYYY-MM-DD, a day in the tenant's time zone"}
}
func instant() schema              { return schema{"type": "string", "format": "date-time"} }
func boolean() schema              { return schema{"type": "boolean"} }
func number() schema               { return schema{"type": "number"} }
func integer() schema              { return schema{"type": "integer"} }
func cents() schema                { return schema{"type": "integer", "minimum": 0, "description": "integer cents"} }
func arrayOf(items schema) schema  { return schema{"type": "array", "items": items} }
func ref(name string) schema       { return schema{"$ref": "#/components/schemas/" + name} }
func enum(values ...string) schema { return schema{"type": "string", "enum": values} }
func anyJSON(d string) schema      { return schema{"description": d} }
func openObject(d string) schema {
	return schema{"type": "object", "description": d, "additionalProperties": true}
}

// loose is object that also allows members not listed: for shapes owned
// by code that is still growing.
func loose(required []string, props ...prop) schema {
	o := object(required, props...)
	o["additionalProperties"] = true
	return o
}

// orNull lets s also be null.
func orNull(s schema) schema { return schema{"anyOf": []any{s, schema{"type": "null"}}} }
