package main

import (
	"strings"
	"testing"
)

// Columns line up on a terminal whatever the script: a CJK character takes
// two columns, and rows are sorted by the column asked for.
func TestTableAlignsWideCharactersAndSorts(t *testing.T) {
	in := `[["NAME", "UNTIL"], ["政务服务平台-国密证书", "2027-05-19"], ["shop.example.com", "2026-12-14"]]`
	var out strings.Builder
	if err := tableCommand([]string{"-sort", "2"}, strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	want := "NAME                   UNTIL\n" +
		"shop.example.com       2026-12-14\n" +
		"政务服务平台-国密证书  2027-05-19\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}
