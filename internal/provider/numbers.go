package provider

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// wholeNumber is the type of every numeric argument: a number Terraform
// accepts (1.5, 1e20) is checked at validate time to be a whole number
// from min to max, with one error that names the attribute and the range.
// With a plain Int64 the framework reports 1.5 as a bug in the provider,
// "%!s(*big.Float=1.5)".
// Its values, wholeNumberValue, are Int64 values that know their type
// (a nested object's checks its attributes' types).
type wholeNumber struct {
	basetypes.Int64Type
	min, max int64
}

// positiveWholeNumber is a whole number from 1 up: IDs, timeouts, rates.
var positiveWholeNumber = between(1, math.MaxInt64)

// between is a whole number from min to max.
func between(min, max int64) wholeNumber { return wholeNumber{min: min, max: max} }

func (t wholeNumber) Equal(o attr.Type) bool {
	other, ok := o.(wholeNumber)
	return ok && other == t
}

func (t wholeNumber) String() string { return fmt.Sprintf("wholeNumber[%d, %d]", t.min, t.max) }

func (t wholeNumber) ValueType(context.Context) attr.Value { return wholeNumberValue{typ: t} }

// ValueFromTerraform never fails: the framework would report that as a bug
// in the provider. A number that is no int64 becomes an unknown value that
// remembers it, for ValidateAttribute to report.
func (t wholeNumber) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	if in.IsKnown() && !in.IsNull() && in.Type().Is(tftypes.Number) {
		var n big.Float
		if err := in.As(&n); err != nil {
			return nil, err
		}
		if _, accuracy := n.Int64(); !n.IsInt() {
			return wholeNumberValue{basetypes.NewInt64Unknown(), t, n.Text('g', -1)}, nil
		} else if accuracy != big.Exact {
			return wholeNumberValue{basetypes.NewInt64Unknown(), t, n.Text('f', 0)}, nil
		}
	}
	v, err := t.Int64Type.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	n, ok := v.(basetypes.Int64Value)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return wholeNumberValue{n, t, ""}, nil
}

// Validate leaves a known number that is no int64 to ValidateAttribute,
// which names the attribute and the range (Int64Type's own check would
// call it a bug in the provider).
func (t wholeNumber) Validate(ctx context.Context, in tftypes.Value, at path.Path) diag.Diagnostics {
	if in.Type() != nil && in.Type().Is(tftypes.Number) {
		return nil
	}
	return t.Int64Type.Validate(ctx, in, at)
}

func (t wholeNumber) ValueFromInt64(_ context.Context, v basetypes.Int64Value) (basetypes.Int64Valuable, diag.Diagnostics) {
	return wholeNumberValue{v, t, ""}, nil
}

// wholeNumberValue is a value of a wholeNumber argument: ValueInt64,
// IsNull and IsUnknown as for types.Int64.
type wholeNumberValue struct {
	basetypes.Int64Value
	typ     wholeNumber
	invalid string // the number given, when it is no int64
}

func (v wholeNumberValue) Type(context.Context) attr.Type { return v.typ }

func (v wholeNumberValue) Equal(o attr.Value) bool {
	other, ok := o.(wholeNumberValue)
	return ok && other.typ == v.typ && other.invalid == v.invalid && v.Int64Value.Equal(other.Int64Value)
}

// rangeText says which whole numbers t allows.
func (t wholeNumber) rangeText() string {
	if t.max == math.MaxInt64 {
		return fmt.Sprintf("a whole number of at least %d", t.min)
	}
	return fmt.Sprintf("a whole number from %d to %d", t.min, t.max)
}

// ValidateAttribute reports, at validate time, a number that is not a
// whole number in range, naming the attribute and the range.
func (v wholeNumberValue) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if strings.HasPrefix(req.Path.String(), "[") {
		return // an element of a set: eachWholeNumber reports it, naming the attribute
	}
	if got := v.outOfRange(); got != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
			fmt.Sprintf("%s must be %s, got %s.", req.Path, v.typ.rangeText(), got))
	}
}

// outOfRange is the number given when it is not a whole number in range, else "".
func (v wholeNumberValue) outOfRange() string {
	switch {
	case v.invalid != "":
		return v.invalid
	case v.IsNull() || v.IsUnknown() || v.ValueInt64() >= v.typ.min && v.ValueInt64() <= v.typ.max:
		return ""
	}
	return strconv.FormatInt(v.ValueInt64(), 10)
}

// eachWholeNumber checks the elements of a set of wholeNumber, naming the
// attribute. The framework does not validate an element that reads as
// unknown, which is how a number that is no int64 arrives (ValueFromTerraform).
type eachWholeNumber struct{}

func (eachWholeNumber) Description(context.Context) string {
	return "each element a whole number in range"
}

func (e eachWholeNumber) MarkdownDescription(ctx context.Context) string { return e.Description(ctx) }

func (eachWholeNumber) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	for _, el := range req.ConfigValue.Elements() {
		if v, ok := el.(wholeNumberValue); ok {
			if got := v.outOfRange(); got != "" {
				resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
					fmt.Sprintf("Each element of %s must be %s, got %s.", req.Path, v.typ.rangeText(), got))
				return
			}
		}
	}
}
