package table

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// located checks that err is a *Error at file, row and column whose cause
// mentions message.
func located(t *testing.T, err error, file string, row int, column, message string) {
	t.Helper()
	var te *Error
	if !errors.As(err, &te) {
		t.Fatalf("got %v, want a *table.Error", err)
	}
	if te.File != file || te.Row != row || te.Column != column || !strings.Contains(te.Err.Error(), message) {
		t.Errorf("got %v\nwant file %q row %d column %q: ...%s...", te, file, row, column, message)
	}
}

func TestInputSizeLimits(t *testing.T) {
	dir := t.TempDir()
	t.Run("sparse file beyond MaxFileSize", func(t *testing.T) {
		p := filepath.Join(dir, "huge.csv")
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(2 << 30); err != nil { // sparse: takes no disk
			t.Fatal(err)
		}
		f.Close()
		_, err = ReadFile(p, ReadOptions{})
		located(t, err, p, 0, "", "larger than 256 MiB")
	})
	t.Run("stream beyond the file limit", func(t *testing.T) {
		lower(t, &fileLimit, 1<<20)
		_, err := Read(io0{}, "stdin.csv", ReadOptions{})
		located(t, err, "stdin.csv", 0, "", "larger than 1 MiB")
	})
	t.Run("xlsx inflating beyond MaxUnzippedSize", func(t *testing.T) {
		p := filepath.Join(dir, "bomb.xlsx")
		if err := os.WriteFile(p, zipBomb(t, 3<<30), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := ReadFile(p, ReadOptions{})
		located(t, err, p, 0, "", "unpacks to more than 1024 MiB")
	})
	t.Run("beyond the cell limit", func(t *testing.T) {
		lower(t, &cellLimit, 10_000)
		line := strings.Repeat("1,", 99) + "1\n"
		var b bytes.Buffer
		for i := range 100 {
			fmt.Fprintf(&b, "c%d,", i)
		}
		b.Truncate(b.Len() - 1)
		b.WriteString("\n")
		for range 10_000 / 100 {
			b.WriteString(line)
		}
		_, err := Read(&b, "wide.csv", ReadOptions{})
		located(t, err, "wide.csv", 10_000/100+1, "", "more than 10000 cells")
	})
}

// lower sets a limit to v for the test's duration.
func lower(t *testing.T, limit *int, v int) {
	old := *limit
	*limit = v
	t.Cleanup(func() { *limit = old })
}

// io0 reads zeros without end.
type io0 struct{}

func (io0) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// zipBomb returns a small XLSX-shaped zip whose sheet claims to inflate to
// size bytes, as a crafted file would.
func zipBomb(t *testing.T, size uint64) []byte {
	t.Helper()
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write(make([]byte, 1<<20))
	fw.Close()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
		w, _ := zw.Create(name)
		w.Write([]byte("<x/>"))
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestParseNumberPlainDecimalOnly(t *testing.T) {
	for _, in := range []string{"0", "12", "-0.5", "+3", ".5", "5.", "1e3", "1.5E-2", " 7 ", "1e12"} {
		if _, err := ParseNumber(in); err != nil {
			t.Errorf("ParseNumber(%q): %v", in, err)
		}
	}
	for _, in := range []string{"1_000", "0x1p4", "0x10", "inf", "+Inf", "NaN", "nan", "1e300", "-1e13", "", ".", "e5", "1e", "1..2", "1,5"} {
		if v, err := ParseNumber(in); err == nil {
			t.Errorf("ParseNumber(%q) = %v, want an error", in, v)
		}
	}
	for _, in := range []string{"1_0m", "0x10", "inf", "1e300h", "400000d"} {
		if d, err := ParseDuration(in, time.Second); err == nil {
			t.Errorf("ParseDuration(%q) = %v, want an error", in, d)
		}
	}
}

func TestControlCharactersStripped(t *testing.T) {
	g, err := Read(strings.NewReader("agent_id,name\n\"a\x1b[31m1\",\"Ann\x07\"\n"), "a.csv", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a[31m1", "Ann"}, g.Rows[0]); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
}

func TestWriteCSVFormulaInjection(t *testing.T) {
	tbl := &Table{Columns: []string{"id", "n"}, Rows: [][]any{{"=HYPERLINK(\"x\")", -3.5}, {"+1", -2}, {"-x", 0.0}, {"@SUM(A1)", 1.0}, {"a=b", nil}}}
	var b bytes.Buffer
	if err := tbl.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	want := "id,n\n\"'=HYPERLINK(\"\"x\"\")\",-3.5\n'+1,-2\n'-x,0\n'@SUM(A1),1\na=b,\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("CSV (-want +got):\n%s", diff)
	}
}

func TestErrorMessage(t *testing.T) {
	for _, c := range []struct {
		err  *Error
		want string
	}{
		{&Error{File: "h.csv", Row: 3, Column: "contacts", Err: errors.New("want a number")}, "h.csv: row 3, column contacts: want a number"},
		{&Error{File: "h.csv", Column: "contacts", Err: errors.New("missing")}, "h.csv: column contacts: missing"},
		{&Error{File: "h.csv", Err: errors.New("empty")}, "h.csv: empty"},
	} {
		if got := c.err.Error(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}
