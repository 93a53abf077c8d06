package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// An object describes, once, how one kind of API item (a certificate, a job,
// a cloud resource, a contact, ...) appears in Terraform: for each attribute
// its name, type, description and how its value comes from the API struct T.
// The schema attributes, the Terraform type and the values all derive from
// it. Build one with newObject from the field constructors below.
type object[T any] struct {
	attrs []attribute[T]
	typ   tftypes.Object
}

// attribute is one computed attribute of an object.
type attribute[T any] struct {
	name   string
	typ    attr.Type
	schema schema.Attribute
	value  func(*T) tftypes.Value
}

// field is what one API field gives: one attribute, or two for a timestamp
// (the raw number and its RFC 3339 form).
type field[T any] []attribute[T]

func newObject[T any](fields ...field[T]) *object[T] {
	o := &object[T]{typ: tftypes.Object{AttributeTypes: map[string]tftypes.Type{}}}
	for _, f := range fields {
		for _, a := range f {
			o.typ.AttributeTypes[a.name] = a.typ.TerraformType(context.Background())
			o.attrs = append(o.attrs, a)
		}
	}
	return o
}

// attributes is the object's schema: every attribute computed.
func (o *object[T]) attributes() map[string]schema.Attribute {
	attrs := make(map[string]schema.Attribute, len(o.attrs))
	for _, a := range o.attrs {
		attrs[a.name] = a.schema
	}
	return attrs
}

// only is the object of just the named attributes, described as here,
// e.g. the part of a worker a resource shows.
func (o *object[T]) only(names ...string) *object[T] {
	part := &object[T]{typ: tftypes.Object{AttributeTypes: map[string]tftypes.Type{}}}
	for _, a := range o.attrs {
		if slices.Contains(names, a.name) {
			part.typ.AttributeTypes[a.name] = o.typ.AttributeTypes[a.name]
			part.attrs = append(part.attrs, a)
		}
	}
	return part
}

// resourceAttributes are the object's attributes as computed attributes of
// a resource's schema, with the same descriptions.
func (o *object[T]) resourceAttributes() (map[string]rschema.Attribute, error) {
	attrs := map[string]rschema.Attribute{}
	for _, a := range o.attrs {
		r, err := resourceAttribute(a.schema)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a.name, err)
		}
		attrs[a.name] = r
	}
	return attrs, nil
}

// resourceAttribute is a computed data source attribute as a resource's.
func resourceAttribute(a schema.Attribute) (rschema.Attribute, error) {
	switch a := a.(type) {
	case schema.Int64Attribute:
		return rschema.Int64Attribute{Computed: true, MarkdownDescription: a.MarkdownDescription}, nil
	case schema.StringAttribute:
		return rschema.StringAttribute{Computed: true, MarkdownDescription: a.MarkdownDescription}, nil
	case schema.BoolAttribute:
		return rschema.BoolAttribute{Computed: true, MarkdownDescription: a.MarkdownDescription}, nil
	case schema.ListAttribute:
		return rschema.ListAttribute{Computed: true, ElementType: a.ElementType, MarkdownDescription: a.MarkdownDescription}, nil
	case schema.ListNestedAttribute:
		nested := map[string]rschema.Attribute{}
		for name, n := range a.NestedObject.Attributes {
			r, err := resourceAttribute(n)
			if err != nil {
				return nil, err
			}
			nested[name] = r
		}
		return rschema.ListNestedAttribute{Computed: true, MarkdownDescription: a.MarkdownDescription,
			NestedObject: rschema.NestedAttributeObject{Attributes: nested}}, nil
	}
	return nil, fmt.Errorf("no resource form of %T", a)
}

// attrType is the object's framework type, e.g. a list element's.
func (o *object[T]) attrType() types.ObjectType {
	attrTypes := make(map[string]attr.Type, len(o.attrs))
	for _, a := range o.attrs {
		attrTypes[a.name] = a.typ
	}
	return types.ObjectType{AttrTypes: attrTypes}
}

// values are the attributes' values for one item, by name.
func (o *object[T]) values(item *T) map[string]tftypes.Value {
	vals := make(map[string]tftypes.Value, len(o.attrs))
	for _, a := range o.attrs {
		vals[a.name] = a.value(item)
	}
	return vals
}

func (o *object[T]) value(item *T) tftypes.Value {
	return tftypes.NewValue(o.typ, o.values(item))
}

// listValue is one object per item, in order; nil is null, empty is [].
func (o *object[T]) listValue(items []T) tftypes.Value {
	return listValue(o.typ, items, o.value)
}

// listAttribute is a computed list of these objects.
func (o *object[T]) listAttribute(description string) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{Computed: true, MarkdownDescription: description,
		NestedObject: schema.NestedAttributeObject{Attributes: o.attributes()}}
}

// idsAttribute is a listing's `ids`: its items' IDs as strings, which
// for_each takes and the deployment job's ID arguments convert.
func idsAttribute(description string) schema.ListAttribute {
	return schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: description}
}

// nullNote says, in each data source's documentation, when an attribute is null.
const nullNote = "An attribute the API left out is null, never 0, false or \"\"; so is a value that cannot be read as what " +
	"its field means (a date-time text where a timestamp goes, 2 in a 1/0 flag), with a warning that names it."

// The field constructors. get reads the API field from the item.

func int64Field[T any](name, description string, get func(*T) *cas.Int64) field[T] {
	return field[T]{{name, types.Int64Type, schema.Int64Attribute{Computed: true, MarkdownDescription: description},
		func(item *T) tftypes.Value { return int64Value(get(item)) }}}
}

func stringField[T any](name, description string, get func(*T) *cas.String) field[T] {
	return field[T]{{name, types.StringType, schema.StringAttribute{Computed: true, MarkdownDescription: description},
		func(item *T) tftypes.Value { return stringValue(get(item)) }}}
}

func boolField[T any](name, description string, get func(*T) *cas.Bool) field[T] {
	return field[T]{{name, types.BoolType, schema.BoolAttribute{Computed: true, MarkdownDescription: description},
		func(item *T) tftypes.Value { return boolValue(get(item)) }}}
}

// flagField is a boolean the API sends as 1 or 0.
func flagField[T any](name, description string, get func(*T) *cas.Bool) field[T] {
	return boolField(name, description+": the API's 1 is `true`, 0 is `false`.", get)
}

func stringsField[T any](name, description string, get func(*T) []cas.String) field[T] {
	return field[T]{{name, types.ListType{ElemType: types.StringType},
		schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: description},
		func(item *T) tftypes.Value { return stringsValue(get(item)) }}}
}

func int64sField[T any](name, description string, get func(*T) []cas.Int64) field[T] {
	return field[T]{{name, types.ListType{ElemType: types.Int64Type},
		schema.ListAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: description},
		func(item *T) tftypes.Value { return int64sValue(get(item)) }}}
}

// listField is a list of nested objects; an absent list is null.
func listField[T, E any](name, description string, elem *object[E], get func(*T) []E) field[T] {
	return field[T]{{name, types.ListType{ElemType: elem.attrType()}, elem.listAttribute(description),
		func(item *T) tftypes.Value { return elem.listValue(get(item)) }}}
}

// timeField is one CAS timestamp as two attributes: raw, the number as the
// API sends it, and readable, its RFC 3339 form. what says what the time
// is, e.g. "When the job was created (`GmtCreate`)".
func timeField[T any](raw, readable, what string, get func(*T) *cas.Int64) field[T] {
	rawDescription := what + ", exactly as the API sends it: a Unix timestamp, in milliseconds in practice " +
		"(the API documentation says seconds, its answers carry milliseconds). " + fmt.Sprintf("For a readable time use `%s`.", readable)
	readableDescription := what + ", as an RFC 3339 UTC timestamp (e.g. `2027-03-01T08:00:00Z`, with milliseconds when non-zero), " +
		fmt.Sprintf("converted from `%s` whether the API sent milliseconds or seconds. ", raw) +
		"Compare it with `timecmp()` and `timeadd()`."
	return field[T]{
		{raw, types.Int64Type, schema.Int64Attribute{Computed: true, MarkdownDescription: rawDescription},
			func(item *T) tftypes.Value { return int64Value(get(item)) }},
		{readable, types.StringType, schema.StringAttribute{Computed: true, MarkdownDescription: readableDescription},
			func(item *T) tftypes.Value { return rfc3339Value(get(item)) }},
	}
}

// within describes an item of type T by the fields of a part of it, e.g. a
// described job by the fields every listed job has.
func within[T, P any](part *object[P], get func(*T) *P) field[T] {
	f := make(field[T], len(part.attrs))
	for i, a := range part.attrs {
		f[i] = attribute[T]{a.name, a.typ, a.schema, func(item *T) tftypes.Value { return a.value(get(item)) }}
	}
	return f
}
