package table

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCSVFormatRoundTrip writes Chinese text in each format and reads it
// back with the package's reader, which detects the BOM and GBK.
func TestCSVFormatRoundTrip(t *testing.T) {
	tab := &Table{Columns: []string{"channel", "region", "contacts"}}
	tab.Add("电话", "华东", 12.5)
	tab.Add("在线客服", "华南, 广州", 3)
	for _, c := range []struct {
		format CSVFormat
		start  string // the file's first bytes
	}{
		{CSVFormat{}, "channel,"},
		{CSVFormat{BOM: true}, "\xef\xbb\xbfchannel,"},
		{CSVFormat{Encoding: "gbk"}, "channel,region,contacts\n\xb5\xe7\xbb\xb0,"},
		{CSVFormat{Encoding: "gb18030"}, "channel,region,contacts\n\xb5\xe7\xbb\xb0,"},
	} {
		var b bytes.Buffer
		if err := c.format.Writer(tab, "out.csv")(&b); err != nil {
			t.Fatalf("%+v: %v", c.format, err)
		}
		if !bytes.HasPrefix(b.Bytes(), []byte(c.start)) {
			t.Errorf("%+v: file starts %q, want %q", c.format, b.Bytes()[:min(b.Len(), 30)], c.start)
		}
		g, err := Read(&b, "out.csv", ReadOptions{})
		if err != nil {
			t.Fatalf("%+v: reading back: %v", c.format, err)
		}
		want := [][]string{{"电话", "华东", "12.5"}, {"在线客服", "华南, 广州", "3"}}
		if diff := cmp.Diff(want, g.Rows); diff != "" || !cmp.Equal(g.Header, tab.Columns) {
			t.Errorf("%+v: read back header %q, rows (-want +got):\n%s", c.format, g.Header, diff)
		}
	}
}

func TestCSVFormatErrors(t *testing.T) {
	tab := &Table{Columns: []string{"agent_id", "name"}}
	tab.Add("A1", "李雷")
	tab.Add("A2", "Zoé 😀")
	for _, c := range []struct {
		format CSVFormat
		want   string
	}{
		{CSVFormat{Encoding: "gbk"}, `out.csv: row 3, column name: '😀' has no GBK code: write the file as GB18030 or UTF-8`},
		{CSVFormat{Encoding: "gbk", BOM: true}, "out.csv: a byte-order mark is for UTF-8, not gbk"},
		{CSVFormat{Encoding: "latin1"}, `out.csv: unknown encoding "latin1", want one of {utf-8|gbk|gb18030}`},
	} {
		err := c.format.Writer(tab, "out.csv")(&bytes.Buffer{})
		var te *Error
		if !errors.As(err, &te) || err.Error() != c.want {
			t.Errorf("%+v: got %v, want *Error %q", c.format, err, c.want)
		}
	}
	// GB18030 holds every character.
	var b bytes.Buffer
	if err := (CSVFormat{Encoding: "gb18030"}).Writer(tab, "out.csv")(&b); err != nil {
		t.Fatal(err)
	}
	if g, err := Read(&b, "out.csv", ReadOptions{}); err != nil || g.Rows[1][1] != "Zoé 😀" {
		t.Errorf("gb18030 round trip: %v, %q", err, g.Rows)
	}
}
