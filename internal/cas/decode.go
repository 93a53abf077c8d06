package cas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The service's JSON is loosely typed in practice (IDs and flags sometimes
// arrive as strings), so fields decode through these tolerant types. Each
// keeps the Go type underneath, so *Int64 converts to *int64 directly.

// Int64 decodes a JSON integer or a string holding one, exactly (never via float64).
type Int64 int64

func (v *Int64) UnmarshalJSON(b []byte) error {
	if n, ok := plainInt64(b); ok {
		*v = Int64(n)
		return nil
	}
	return v.unmarshalAny(b)
}

func (v *Int64) unmarshalAny(b []byte) error {
	s, quoted := unquote(b)
	if s == "null" && !quoted {
		return nil
	}
	n, err := parseInt64(s)
	if err != nil {
		return fmt.Errorf("want an integer, got %s", clip(b))
	}
	*v = Int64(n)
	return nil
}

// plainInt64 reads the usual form, digits bare or quoted, without allocating;
// anything else (spaces, exponents, 19 digits and more) takes the general path.
func plainInt64(b []byte) (int64, bool) {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	negative := len(b) > 0 && b[0] == '-'
	if negative {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 { // 18 digits cannot overflow
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if negative {
		n = -n
	}
	return n, true
}

func parseInt64(s string) (int64, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	// Some encoders write large integers in exponent form (1.683625266108E12).
	f, _, err := big.ParseFloat(s, 10, 128, big.ToNearestEven)
	if err != nil || !f.IsInt() {
		return 0, errors.New("not an integer")
	}
	n, acc := f.Int64()
	if acc != big.Exact {
		return 0, errors.New("out of int64 range")
	}
	return n, nil
}

// Bool decodes true/false, also when sent as the strings "true"/"false",
// and the 1/0 flags some operations use (Del, EnableHttps), numbers or strings.
type Bool bool

func (v *Bool) UnmarshalJSON(b []byte) error {
	switch string(b) { // no allocation: the conversion is only compared
	case "true":
		*v = true
		return nil
	case "false":
		*v = false
		return nil
	}
	return v.unmarshalAny(b)
}

func (v *Bool) unmarshalAny(b []byte) error {
	s, quoted := unquote(b)
	switch {
	case s == "null" && !quoted:
		return nil
	case strings.EqualFold(s, "true") || s == "1":
		*v = true
	case strings.EqualFold(s, "false") || s == "0":
		*v = false
	default:
		return fmt.Errorf("want true or false (or 1 or 0), got %s", clip(b))
	}
	return nil
}

// String decodes a JSON string, or keeps a number's digits as text.
type String string

func (v *String) UnmarshalJSON(b []byte) error {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' && literal(b[1:len(b)-1]) {
		*v = String(b[1 : len(b)-1])
		return nil
	}
	return v.unmarshalAny(b)
}

func (v *String) unmarshalAny(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*v = String(s)
		return nil
	}
	s := string(b)
	if s == "null" {
		return nil
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		return fmt.Errorf("want a string, got %s", clip(b))
	}
	*v = String(s)
	return nil
}

// literal reports whether the inside of a JSON string means exactly its
// bytes: no escapes, no control characters, valid UTF-8 (encoding/json
// would replace invalid bytes with U+FFFD).
func literal(b []byte) bool {
	ascii := true
	for _, c := range b {
		switch {
		case c < 0x20 || c == '\\' || c == '"':
			return false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return ascii || utf8.Valid(b)
}

func unquote(b []byte) (string, bool) {
	b = bytes.TrimSpace(b)
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		return strings.TrimSpace(string(b[1 : len(b)-1])), true
	}
	return string(b), false
}

func clip(b []byte) string {
	const max = 64
	if len(b) > max {
		return string(b[:max]) + "..."
	}
	return string(b)
}

// OddValue is a field of an item whose value cannot be read as what the
// field means: a date-time text where a timestamp goes, 2 in a 1/0 flag,
// an object where a name goes. The official SDKs declare most fields as
// strings, so such values pass them; here the field is left absent (nil)
// and the value kept for a warning, and the rest of the answer is read.
type OddValue struct {
	Field string // the answer's name of it, inside the item: "EndTime", "CasContacts[1].Email"
	Raw   string // the value as sent, clipped
}

// OddValues, embedded in an API model, lets an odd value in one of its
// fields leave that field absent instead of failing the whole answer (see
// decodeItem). "" where a number or flag goes is absent, and not odd.
type OddValues struct{ odd []OddValue }

// Odd lists the item's fields left absent because their value was odd.
func (o *OddValues) Odd() []OddValue { return o.odd }

func (o *OddValues) keepOdd(odd []OddValue) { o.odd = odd }

type oddKeeper interface{ keepOdd([]OddValue) }

// decodeItem decodes the JSON object obj into out. When that fails and out
// embeds OddValues, the fields are decoded one by one: a field that does not
// decode is left absent and kept as odd, and a list of nested objects is
// read element by element the same way. The fields every answer carries
// (envelope) stay strict, and so does JSON that is not an object. Answers
// without odd values take the first, fast path only.
func decodeItem(obj []byte, out any) error {
	err := json.Unmarshal(obj, out)
	keeper, lenient := out.(oddKeeper)
	var syntax *json.SyntaxError
	if trimmed := bytes.TrimSpace(obj); err == nil || !lenient || errors.As(err, &syntax) || len(trimmed) == 0 || trimmed[0] != '{' {
		return err
	}
	v := reflect.ValueOf(out).Elem()
	v.SetZero()
	var odd []OddValue
	if err := decodeFields(obj, v, "", &odd); err != nil {
		return err
	}
	keeper.keepOdd(odd)
	return nil
}

// decodeFields decodes obj into the struct v one field at a time, in the
// order the answer gives them (as encoding/json does: the last of two
// spellings of one field wins).
func decodeFields(obj []byte, v reflect.Value, path string, odd *[]OddValue) error {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return errors.New("not a JSON object")
	}
	// A field's odd values, by its place in v: a later spelling of the
	// field replaces them, as its value replaces the earlier one.
	var order []string
	oddOf := map[string][]OddValue{}
	defer func() {
		for _, at := range order {
			*odd = append(*odd, oddOf[at]...)
		}
	}()
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := t.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		f, ok := jsonField(v.Type(), key)
		if !ok {
			continue // unknown fields are ignored, as encoding/json does
		}
		target, err := v.FieldByIndexErr(f.Index)
		if err != nil {
			return err
		}
		at := fmt.Sprint(f.Index)
		if _, seen := oddOf[at]; !seen {
			order = append(order, at)
		}
		oddOf[at] = nil
		if err := json.Unmarshal(raw, target.Addr().Interface()); err == nil {
			continue
		} else if inEnvelope(v.Type(), f.Index) {
			return err
		}
		target.SetZero()
		if elemOdd, ok := decodeElements(raw, target, path+key); ok {
			oddOf[at] = elemOdd
			continue
		}
		if s, quoted := unquote(raw); !quoted || s != "" {
			oddOf[at] = []OddValue{{Field: path + key, Raw: clip(bytes.TrimSpace(raw))}}
		}
	}
	return nil
}

// decodeElements reads a list of nested objects element by element, and
// reports whether raw was one.
func decodeElements(raw json.RawMessage, target reflect.Value, path string) ([]OddValue, bool) {
	if target.Kind() != reflect.Slice || target.Type().Elem().Kind() != reflect.Struct {
		return nil, false
	}
	var elems []json.RawMessage
	if json.Unmarshal(raw, &elems) != nil {
		return nil, false
	}
	var odd []OddValue
	list := reflect.MakeSlice(target.Type(), len(elems), len(elems))
	for i, elem := range elems {
		if string(bytes.TrimSpace(elem)) == "null" {
			continue // a zero element, as encoding/json gives
		}
		if json.Unmarshal(elem, list.Index(i).Addr().Interface()) == nil {
			continue
		}
		list.Index(i).SetZero()
		if decodeFields(elem, list.Index(i), fmt.Sprintf("%s[%d].", path, i), &odd) != nil {
			return nil, false
		}
	}
	target.Set(list)
	return odd, true
}

// inEnvelope reports whether the field at index lies in an envelope.
func inEnvelope(t reflect.Type, index []int) bool {
	for _, i := range index {
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		f := t.Field(i)
		if f.Type == reflect.TypeFor[envelope]() {
			return true
		}
		t = f.Type
	}
	return false
}

// jsonField finds the struct field encoding/json would decode key into: an
// exact match of its name, else one that differs only in case.
func jsonField(t reflect.Type, key string) (reflect.StructField, bool) {
	var folded reflect.StructField
	found := false
	for _, f := range reflect.VisibleFields(t) {
		if f.Anonymous || !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		if name == key {
			return f, true
		}
		if !found && strings.EqualFold(name, key) {
			folded, found = f, true
		}
	}
	return folded, found
}

// envelope holds the fields every answer may carry. A 200 answer whose body
// has a Code is an error in disguise (seen behind some gateways and proxies).
type envelope struct {
	RequestID String `json:"RequestId"`
	Code      String `json:"Code"`
	Message   String `json:"Message"`
	Recommend String `json:"Recommend"`
}

func (e *envelope) meta() *envelope { return e }

type responseBody interface{ meta() *envelope }

// rawResponse is one HTTP answer as darabonba-openapi hands it back.
type rawResponse struct {
	status    int
	requestID string // from the x-acs-request-id header, when the body has none
	body      []byte
}

// decode fills out from a 2xx answer, or says clearly why it cannot.
func decode(action string, raw rawResponse, out responseBody) error {
	fail := func(format string, args ...any) error {
		return &ResponseError{Action: action, StatusCode: raw.status, RequestID: raw.requestID, Reason: fmt.Sprintf(format, args...)}
	}
	// A retried call decodes into the same value: nothing of an earlier
	// answer may survive into this one.
	reflect.ValueOf(out).Elem().SetZero()
	if raw.status < 200 || raw.status > 299 {
		return fail("HTTP status %d is not a success", raw.status)
	}
	body := bytes.TrimSpace(raw.body)
	if len(body) == 0 {
		return fail("the body is empty")
	}
	if body[0] != '{' {
		return fail("the body is not a JSON object: %q", clip(body))
	}
	if err := decodeItem(body, out); err != nil {
		where := badField(body, reflect.TypeOf(out).Elem())
		if where != "" {
			where += ": "
		}
		return fail("%s%s", where, describeJSONError(err))
	}
	m := out.meta()
	if m.RequestID == "" {
		m.RequestID = String(raw.requestID)
	}
	if m.Code != "" {
		return &APIError{Action: action, StatusCode: raw.status, Code: string(m.Code), Message: string(m.Message),
			RequestID: string(m.RequestID), Recommend: string(m.Recommend)}
	}
	return nil
}

// decodeList decodes a response's list field (Data), which must be present;
// null counts as an empty list.
func decodeList[T any](action string, raw rawResponse, field string, data json.RawMessage, requestID String) ([]T, error) {
	fail := func(format string, args ...any) error {
		return &ResponseError{Action: action, StatusCode: raw.status, RequestID: string(requestID), Reason: fmt.Sprintf(format, args...)}
	}
	data = bytes.TrimSpace(data)
	switch {
	case len(data) == 0:
		return nil, fail("the body has no %s field", field)
	case string(data) == "null":
		return []T{}, nil
	case data[0] != '[':
		return nil, fail("%s is not a list: %q", field, clip(data))
	}
	var items []*T
	if err := json.Unmarshal(data, &items); err != nil {
		if items, err = decodeItems[T](data); err != nil {
			return nil, fail("%s%s: %s", field, locateBadField[T](data), describeJSONError(err))
		}
	}
	out := make([]T, len(items))
	for i, it := range items {
		if it == nil {
			return nil, fail("%s[%d] is null", field, i)
		}
		out[i] = *it
	}
	return out, nil
}

// decodeItems decodes a list one item at a time, after the whole list
// failed to: each item as decodeItem does.
func decodeItems[T any](data json.RawMessage) ([]*T, error) {
	var raws []json.RawMessage
	if err := json.Unmarshal(data, &raws); err != nil {
		return nil, err
	}
	items := make([]*T, len(raws))
	for i, raw := range raws {
		if string(bytes.TrimSpace(raw)) == "null" {
			continue
		}
		items[i] = new(T)
		if err := decodeItem(raw, items[i]); err != nil {
			return nil, err
		}
	}
	return items, nil
}

func describeJSONError(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax) && strings.Contains(syntax.Error(), "unexpected end"):
		return "the JSON is truncated"
	case errors.As(err, &syntax):
		return fmt.Sprintf("malformed JSON at byte %d: %v", syntax.Offset, syntax)
	case errors.As(err, &typ):
		return fmt.Sprintf("got JSON %s, want %s", typ.Value, typ.Type)
	}
	return err.Error()
}

// locateBadField finds which list element and field failed to decode, e.g.
// "[3].NotAfterTime", so the error points at the value. It runs only after a
// failure, so its cost does not matter.
func locateBadField[T any](data json.RawMessage) string {
	var items []json.RawMessage
	if json.Unmarshal(data, &items) != nil {
		return ""
	}
	for i, item := range items {
		var v T
		if decodeItem(item, &v) == nil {
			continue
		}
		if name := badField(item, reflect.TypeFor[T]()); name != "" {
			return fmt.Sprintf("[%d].%s", i, name)
		}
		return fmt.Sprintf("[%d]", i)
	}
	return ""
}

// badField names the field of the JSON object obj that does not decode into
// a value of type typ, or gives "" when no single field is to blame.
func badField(obj json.RawMessage, typ reflect.Type) string {
	var fields map[string]json.RawMessage
	if json.Unmarshal(obj, &fields) != nil {
		return ""
	}
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		one, _ := json.Marshal(map[string]json.RawMessage{name: fields[name]})
		if decodeItem(one, reflect.New(typ).Interface()) != nil {
			return name
		}
	}
	return ""
}

// Value is the string, "" when the answer had none: the one way to read an
// optional field where absent and empty mean the same.
func (v *String) Value() string {
	if v == nil {
		return ""
	}
	return string(*v)
}

// Value is the number, 0 when the answer had none.
func (v *Int64) Value() int64 {
	if v == nil {
		return 0
	}
	return int64(*v)
}
