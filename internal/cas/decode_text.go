package cas

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Values CAS sends as text that hold more: dates, lists in a string.

// chinaTime is the zone of the dates CAS shows (StartDate, EndDate).
var chinaTime = time.FixedZone("UTC+8", 8*60*60)

// Date is a calendar date as CAS sends it, YYYY-MM-DD, in China time.
// Anything else does not decode (an odd value); "" leaves it absent.
type Date string

func (d *Date) UnmarshalJSON(b []byte) error {
	var s String
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	if _, err := time.Parse(time.DateOnly, string(s)); err != nil {
		return fmt.Errorf("want a date YYYY-MM-DD, got %s", clip(b))
	}
	*d = Date(s)
	return nil
}

// Start is the first moment of the date in China time.
func (d Date) Start() time.Time {
	t, _ := time.ParseInLocation(time.DateOnly, string(d), chinaTime) // checked when decoded
	return t
}

// Names splits a comma-separated list of domains (Sans), dropping empty ones.
func Names(s *String) []String {
	if s == nil {
		return nil
	}
	names := []String{}
	for _, n := range strings.Split(string(*s), ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, String(n))
		}
	}
	return names
}

// JSONStrings is a list of strings sent as JSON text in a string, as
// ListContact's Webhooks: "[\"https://...\"]". Text that is not such a
// list does not decode (an odd value); "" leaves it absent.
type JSONStrings []String

func (l *JSONStrings) UnmarshalJSON(b []byte) error {
	var s String
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	list := []String{}
	if err := json.Unmarshal([]byte(strings.TrimSpace(string(s))), &list); err != nil || list == nil {
		return fmt.Errorf("want a JSON array of strings in a string, got %s", clip(b))
	}
	*l = list
	return nil
}
