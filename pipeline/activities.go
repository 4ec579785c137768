package pipeline

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Field names of the activities table (kind A of product.md §3).
const (
	FieldDate         = "dato"
	FieldPeriod       = "periode"
	FieldRegion       = "region"
	FieldKommunenr    = "kommunenr"
	FieldGoals        = "maal"
	FieldMeasure      = "tiltak"
	FieldType         = "aktivitetstype"
	FieldTitle        = "tittel"
	FieldParticipants = "deltakere"
	FieldResponsible  = "ansvarlig"
	FieldNote         = "merknad"
	FieldSourceFile   = "kilde_fil"
	FieldSourceSheet  = "kilde_ark"
	FieldSourceRow    = "kilde_rad"
)

// provenanceFields are the columns every normalised table ends with.
var provenanceFields = []arrow.Field{
	{Name: FieldSourceFile, Type: arrow.BinaryTypes.String},
	{Name: FieldSourceSheet, Type: arrow.BinaryTypes.String},
	{Name: FieldSourceRow, Type: arrow.PrimitiveTypes.Int32},
}

// ActivitiesSchema is the schema of the normalised activities table.
var ActivitiesSchema = arrow.NewSchema(append([]arrow.Field{
	{Name: FieldDate, Type: arrow.FixedWidthTypes.Date32},
	{Name: FieldPeriod, Type: arrow.BinaryTypes.String},
	{Name: FieldRegion, Type: arrow.BinaryTypes.String},
	{Name: FieldKommunenr, Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: FieldGoals, Type: arrow.ListOf(arrow.BinaryTypes.String)},
	{Name: FieldMeasure, Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: FieldType, Type: arrow.BinaryTypes.String},
	{Name: FieldTitle, Type: arrow.BinaryTypes.String},
	{Name: FieldParticipants, Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: FieldResponsible, Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: FieldNote, Type: arrow.BinaryTypes.String, Nullable: true},
}, provenanceFields...), nil)

var activitiesKind = &Kind{
	Name:   "aktiviteter",
	Schema: ActivitiesSchema,
	Columns: []Column{
		{Key: FieldDate, Header: "Dato", Aliases: []string{"Date", "Aktivitetsdato", "Dato for aktivitet", "Activity date"}, Required: true,
			Help: "Datoen aktiviteten fant sted, f.eks. 15.03.2026."},
		{Key: FieldRegion, Header: "Region", Aliases: []string{"Regionkode", "Region code"}, Required: true,
			Help: "Regionens kode, f.eks. BTV."},
		{Key: FieldKommunenr, Header: "Kommunenr", Aliases: []string{"Kommunenummer", "Kommune nr", "Knr", "Municipality", "Municipality number", "Municipality code"},
			Help: "Kommunenummer med fire siffer, f.eks. 3301. Tom for aktiviteter i hele regionen."},
		{Key: FieldGoals, Header: "Mål", Aliases: []string{"Maal", "Mal", "Mål nr", "Strategisk mål", "Goal", "Goals"}, Required: true,
			Help: "Strategisk mål, f.eks. 3.1. Flere mål skilles med semikolon: 1.1; 3.1."},
		{Key: FieldMeasure, Header: "Tiltak", Aliases: []string{"Tiltakskode", "Measure"},
			Help: "Tiltakets kode, f.eks. 3.1.R1. Må høre til målet."},
		{Key: FieldType, Header: "Aktivitetstype", Aliases: []string{"Type", "Aktivitet type", "Type aktivitet", "Activity type"}, Required: true,
			Help: "En av: kommunebesøk, konferanse, høring, rektornettverk, fagnettverk, kurs, publisering, sosiale medier, mediekontakt, samarbeidsavtale, prosjektmøte, politisk møte, internasjonalt møte, annet."},
		{Key: FieldTitle, Header: "Tittel", Aliases: []string{"Beskrivelse", "Aktivitet", "Title", "Description"}, Required: true,
			Help: "Kort tittel på aktiviteten."},
		{Key: FieldParticipants, Header: "Deltakere", Aliases: []string{"Antall deltakere", "Ant deltakere", "Participants"},
			Help: "Antall deltakere, et helt tall (valgfritt)."},
		{Key: FieldResponsible, Header: "Ansvarlig", Aliases: []string{"Kontaktperson", "Responsible"},
			Help: "Hvem som var ansvarlig (valgfritt)."},
		{Key: FieldNote, Header: "Merknad", Aliases: []string{"Merknader", "Kommentar", "Note", "Notes", "Comment"},
			Help: "Fritekst (valgfritt)."},
	},
	newBuilder: newActivitiesBuilder,
}

type activitiesBuilder struct {
	ref  *Reference
	opts Options
	b    *array.RecordBuilder
	// seen maps an activity's identity to where it was first recorded.
	seen map[string]string
}

func newActivitiesBuilder(ref *Reference, opts Options, mem memory.Allocator) tableBuilder {
	return &activitiesBuilder{
		ref:  ref,
		opts: opts,
		b:    array.NewRecordBuilder(mem, ActivitiesSchema),
		seen: map[string]string{},
	}
}

func (a *activitiesBuilder) release()                     { a.b.Release() }
func (a *activitiesBuilder) newRecord() arrow.RecordBatch { return a.b.NewRecordBatch() }

func (a *activitiesBuilder) add(r *rowCtx) (rejects, warnings []Problem) {
	reject := func(key string, m Msg) { rejects = append(rejects, r.problem(key, m)) }
	warn := func(key string, m Msg) { warnings = append(warnings, r.problem(key, m)) }

	// Dato
	var date time.Time
	if raw := r.value(FieldDate); raw == "" {
		reject(FieldDate, msg("required"))
	} else if d, err := ParseDate(raw, r.date1904); err != nil {
		if errors.Is(err, ErrDateOutside) {
			reject(FieldDate, msg("date.range"))
		} else {
			reject(FieldDate, msg("date.invalid"))
		}
	} else {
		date = d
		if a.opts.PeriodEnd.After(time.Time{}) && d.After(a.opts.PeriodEnd) {
			warn(FieldDate, msg("date.after", a.opts.Period))
		}
	}

	// Region
	region, regionOK := "", false
	if raw := r.value(FieldRegion); raw == "" {
		reject(FieldRegion, msg("required"))
	} else if region, regionOK = a.ref.Region(raw); !regionOK {
		reject(FieldRegion, msg("region.unknown"))
	}

	// Kommunenr
	var kommune string
	if raw := r.value(FieldKommunenr); raw != "" {
		code, err := NormaliseKommunenr(raw)
		switch {
		case err != nil:
			reject(FieldKommunenr, msg("kommune.invalid"))
		default:
			cur, old, ok := a.ref.Municipality(code)
			switch {
			case !ok:
				reject(FieldKommunenr, msg("kommune.unknown"))
			default:
				kommune = cur
				if old != "" {
					warn(FieldKommunenr, msg("kommune.renamed", old, cur))
				}
				if regionOK && a.ref.MunicipalityRegion(cur) != region {
					warn(FieldKommunenr, msg("kommune.region", cur, region))
				}
			}
		}
	}

	// Mål
	var goals []string
	if raw := r.value(FieldGoals); raw == "" {
		reject(FieldGoals, msg("required"))
	} else {
		for _, part := range strings.FieldsFunc(raw, func(r rune) bool { return r == ';' || r == '\n' || r == '/' || r == '+' }) {
			if strings.TrimSpace(part) == "" {
				continue
			}
			g, ok := a.ref.Goal(part)
			if !ok {
				if strings.TrimSpace(part) == raw {
					reject(FieldGoals, msg("goal.unknown"))
				} else {
					reject(FieldGoals, msg("goal.unknownpart", strings.TrimSpace(part)))
				}
				continue
			}
			if gr := a.ref.GoalRegion(g); gr != "" && regionOK && gr != region {
				warn(FieldGoals, msg("goal.region", g, gr))
			}
			if !slices.Contains(goals, g) {
				goals = append(goals, g)
			}
		}
		if len(goals) == 0 && len(rejects) == 0 {
			reject(FieldGoals, msg("required"))
		}
	}

	// Tiltak
	var measure string
	if raw := r.value(FieldMeasure); raw != "" {
		code, goal, ok := a.ref.Measure(raw)
		if !ok {
			reject(FieldMeasure, msg("measure.unknown"))
		} else {
			measure = code
			if len(goals) > 0 && !slices.Contains(goals, goal) {
				warn(FieldMeasure, msg("measure.goal", code, strings.Join(goals, "; ")))
			}
		}
	}

	// Aktivitetstype
	var typ string
	if raw := r.value(FieldType); raw == "" {
		reject(FieldType, msg("required"))
	} else if t, ok := a.ref.ActivityType(raw); !ok {
		reject(FieldType, msg("type.unknown", a.ref.ActivityTypeList()))
	} else {
		typ = t
	}

	// Tittel
	title := cleanSpace(r.value(FieldTitle))
	if title == "" {
		reject(FieldTitle, msg("required"))
	}

	// Deltakere
	var participants int64
	hasParticipants := false
	if raw := r.value(FieldParticipants); raw != "" {
		n, err := ParseCount(raw)
		switch {
		case errors.Is(err, ErrNegative):
			reject(FieldParticipants, msg("number.negative"))
		case errors.Is(err, ErrNotInteger):
			reject(FieldParticipants, msg("number.integer"))
		case err != nil:
			reject(FieldParticipants, msg("number.invalid"))
		default:
			participants, hasParticipants = n, true
		}
	}

	if len(rejects) > 0 {
		return rejects, warnings
	}

	// The same activity twice (same date, region, municipality, type and
	// title) would be counted twice: the later one is rejected.
	id := strings.Join([]string{date.Format("2006-01-02"), region, kommune, typ, strings.ToLower(title)}, "\x00")
	if first, dup := a.seen[id]; dup {
		reject(FieldTitle, msg("duplicate.row", first))
		return rejects, warnings
	}
	a.seen[id] = r.where()

	b := a.b
	b.Field(0).(*array.Date32Builder).Append(arrow.Date32FromTime(date))
	b.Field(1).(*array.StringBuilder).Append(date.Format("2006-01"))
	b.Field(2).(*array.StringBuilder).Append(region)
	appendOptString(b.Field(3).(*array.StringBuilder), kommune)
	lb := b.Field(4).(*array.ListBuilder)
	lb.Append(true)
	vb := lb.ValueBuilder().(*array.StringBuilder)
	for _, g := range goals {
		vb.Append(g)
	}
	appendOptString(b.Field(5).(*array.StringBuilder), measure)
	b.Field(6).(*array.StringBuilder).Append(typ)
	b.Field(7).(*array.StringBuilder).Append(title)
	if hasParticipants {
		b.Field(8).(*array.Int64Builder).Append(participants)
	} else {
		b.Field(8).(*array.Int64Builder).AppendNull()
	}
	appendOptString(b.Field(9).(*array.StringBuilder), cleanSpace(r.value(FieldResponsible)))
	appendOptString(b.Field(10).(*array.StringBuilder), strings.TrimSpace(r.value(FieldNote)))
	r.appendProvenance(b, 11)
	return nil, warnings
}

func appendOptString(b *array.StringBuilder, s string) {
	if s == "" {
		b.AppendNull()
		return
	}
	b.Append(s)
}
