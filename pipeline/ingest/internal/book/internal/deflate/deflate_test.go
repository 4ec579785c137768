package deflate

import (
	"bytes"
	"compress/flate"
	"io"
	"math/rand/v2"
	"testing"
)

// deflated compresses b with the standard library at level.
func deflated(t testing.TB, b []byte, level int) []byte {
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, level)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// inflated is b inflated by the standard library, and whether it is a
// whole, valid stream.
func inflated(b []byte) ([]byte, bool) {
	out, err := io.ReadAll(flate.NewReader(bytes.NewReader(b)))
	return out, err == nil
}

// samples are texts of every kind a part holds: XML rows, random bytes
// (stored blocks), one byte repeated (long matches), and empty.
func samples() map[string][]byte {
	r := rand.New(rand.NewPCG(1, 2))
	var xml bytes.Buffer
	for i := range 5000 {
		xml.WriteString(`<row r="`)
		xml.WriteString(string(rune('1' + i%9)))
		xml.WriteString(`"><c r="A1" t="s"><v>`)
		xml.WriteString(string(rune('0' + r.IntN(10))))
		xml.WriteString(`</v></c><c r="B1"><v>45123</v></c><c r="C1" t="inlineStr"><is><t>Bodø kulturskole</t></is></c></row>`)
	}
	random := make([]byte, 200_000)
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	return map[string][]byte{
		"xml":    xml.Bytes(),
		"random": random,
		"runs":   bytes.Repeat([]byte{'a'}, 1<<20),
		"short":  []byte("<c/>"),
	}
}

// TestInflate: what Inflate fills out with is the part, at every level of
// compression, and it takes nothing else: not a stream cut short, nor one
// damaged, nor one longer or shorter than out.
func TestInflate(t *testing.T) {
	if !Available {
		t.Skip("built without cgo: Inflate always reports false (TestUnavailable)")
	}
	for name, want := range samples() {
		for _, level := range []int{flate.NoCompression, flate.BestSpeed, flate.DefaultCompression, flate.BestCompression, flate.HuffmanOnly} {
			in := deflated(t, want, level)
			out := make([]byte, len(want))
			if !Inflate(out, in) || !bytes.Equal(out, want) {
				t.Fatalf("%s, level %d: not inflated to the part", name, level)
			}
			if len(want) > 1 {
				if Inflate(make([]byte, len(want)-1), in) {
					t.Errorf("%s, level %d: took a stream longer than out", name, level)
				}
			}
			if Inflate(make([]byte, len(want)+1), in) {
				t.Errorf("%s, level %d: took a stream shorter than out", name, level)
			}
			if len(in) > 2 && Inflate(out, in[:len(in)/2]) {
				t.Errorf("%s, level %d: took a stream cut in half", name, level)
			}
		}
	}
	if Inflate(make([]byte, 10), []byte{0xff, 0xff, 0xff, 0xff}) {
		t.Error("took bytes that are no stream (block type 3)")
	}
	if Inflate(nil, nil) || Inflate(make([]byte, 1), nil) {
		t.Error("took an empty stream")
	}
}

// TestInflateConcurrent: parts inflated side by side, as the ingest
// workers do, each come out whole (under -race, the decompressors' set).
func TestInflateConcurrent(t *testing.T) {
	if !Available {
		t.Skip("built without cgo")
	}
	want := samples()["xml"]
	in := deflated(t, want, flate.BestSpeed)
	errs := make(chan bool, 8)
	for range 8 {
		go func() {
			ok := true
			for range 20 {
				out := make([]byte, len(want))
				ok = ok && Inflate(out, in) && bytes.Equal(out, want)
			}
			errs <- ok
		}()
	}
	for range 8 {
		if !<-errs {
			t.Fatal("a part inflated side by side came out wrong")
		}
	}
}

// FuzzInflate holds Inflate to the standard library on any bytes: it
// takes a stream only when the standard library reads it whole to the
// same text, and never writes beyond out.
func FuzzInflate(f *testing.F) {
	for _, b := range samples() {
		f.Add(deflated(f, b[:min(len(b), 4096)], flate.BestSpeed), uint16(len(b[:min(len(b), 4096)])))
	}
	f.Add([]byte{0x01, 0x00, 0x00, 0xff, 0xff}, uint16(0))
	f.Fuzz(func(t *testing.T, in []byte, size uint16) {
		out := make([]byte, int(size)+16)
		for i := range out {
			out[i] = 0xA5
		}
		ok := Inflate(out[:size], in)
		for i, c := range out[size:] {
			if c != 0xA5 {
				t.Fatalf("wrote beyond out, at %d", int(size)+i)
			}
		}
		if !ok {
			return
		}
		want, valid := inflated(in)
		if !valid || !bytes.Equal(out[:size], want) {
			t.Fatalf("took a stream the standard library reads as %d bytes (valid %v), to %d others", len(want), valid, size)
		}
	})
}
