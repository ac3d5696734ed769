//! The JSON Schema (draft-07) of `mlsd check --format json`: `mlsd schema --output` prints
//! it, `editors/schema/mlsd-output.schema.json` is a committed copy, and a test validates
//! real output against it. Objects are closed (`additionalProperties: false`), so a field
//! added to the output without a line here fails that test.

use crate::rules::scorecard::DIMENSIONS;
use serde_json::{json, Value};

fn position() -> Value {
    json!({
        "type": "object",
        "description": "A 1-based position; columns count Unicode scalar values.",
        "required": ["line", "column"],
        "additionalProperties": false,
        "properties": {
            "line": {"type": "integer", "minimum": 1},
            "column": {"type": "integer", "minimum": 1}
        }
    })
}

fn range() -> Value {
    json!({
        "type": "object",
        "description": "A range of the draft; `end` is exclusive.",
        "required": ["start", "end"],
        "additionalProperties": false,
        "properties": {"start": {"$ref": "#/definitions/position"}, "end": {"$ref": "#/definitions/position"}}
    })
}

fn diagnostic() -> Value {
    json!({
        "type": "object",
        "required": ["rule", "severity", "message", "range", "fixes"],
        "additionalProperties": false,
        "properties": {
            "rule": {"type": "string", "description": "The rule id (`mlsd rule ID` explains it)."},
            "severity": {"$ref": "#/definitions/severity"},
            "message": {"type": "string"},
            "range": {"$ref": "#/definitions/range"},
            "category": {"type": "string", "description": "The kind of figure a vague claim lacks (`[[claim_category]]` of the pack: latency, scale, data-volume, cadence, quality, cost). Only on findings of a categorised vocabulary."},
            "fixes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["title", "safe", "edits"],
                    "additionalProperties": false,
                    "properties": {
                        "title": {"type": "string"},
                        "safe": {"type": "boolean", "description": "Applied by `--fix` without `--unsafe-fixes`."},
                        "edits": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["range", "new_text"],
                                "additionalProperties": false,
                                "properties": {
                                    "range": {"$ref": "#/definitions/range"},
                                    "new_text": {"type": "string"}
                                }
                            }
                        }
                    }
                }
            }
        }
    })
}

fn profile() -> Value {
    let number = json!({"type": "number", "minimum": 0});
    let count = json!({"type": "integer", "minimum": 0});
    json!({
        "type": "object",
        "description": "The answer profile: the figures a coach glances at.",
        "required": [
            "level", "problem_type", "problem_type_declared", "company", "words", "minutes",
            "interview_minutes", "words_per_minute", "stages_covered", "stages_total",
            "missing_stages", "data_share", "data_share_aim", "numbers",
            "numbers_per_500_words", "stages", "rubric", "derived"
        ],
        "additionalProperties": false,
        "properties": {
            "level": {"$ref": "#/definitions/level"},
            "problem_type": {"type": "string"},
            "problem_type_declared": {"type": "boolean"},
            "company": {"type": ["string", "null"]},
            "words": count,
            "minutes": {"type": "number", "minimum": 0, "description": "Estimated speaking minutes."},
            "interview_minutes": count,
            "words_per_minute": number,
            "stages_covered": count,
            "stages_total": count,
            "missing_stages": {"type": "array", "items": {"type": "string"}},
            "data_share": {"type": ["number", "null"], "minimum": 0, "maximum": 1,
                           "description": "Share of the solution's words on data and features; null before there is a solution."},
            "data_share_aim": {"type": ["array", "null"], "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
            "numbers": count,
            "numbers_per_500_words": number,
            "stages": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "heading", "present", "words", "numbers", "minutes", "budget_minutes", "budget_shared_with"],
                    "additionalProperties": false,
                    "properties": {
                        "id": {"type": "string"},
                        "heading": {"type": "string"},
                        "present": {"type": "boolean"},
                        "words": count,
                        "numbers": count,
                        "minutes": number,
                        "budget_minutes": {"type": ["number", "null"]},
                        "budget_shared_with": {"type": "array", "items": {"type": "string"}}
                    }
                }
            },
            "rubric": {
                "type": "object",
                "required": ["applicable", "passing", "coverage"],
                "additionalProperties": false,
                "properties": {
                    "applicable": count,
                    "passing": count,
                    "coverage": {"type": "number", "minimum": 0, "maximum": 1}
                }
            },
            "derived": {
                "type": "array",
                "description": "Figures the draft's own figures imply, with their inputs and assumptions in `label`.",
                "items": {
                    "type": "object",
                    "required": ["kind", "line", "label", "value"],
                    "additionalProperties": false,
                    "properties": {
                        "kind": {"enum": ["request-rate", "per-second", "storage"]},
                        "line": {"type": "integer", "minimum": 1},
                        "label": {"type": "string"},
                        "value": {"type": "number", "minimum": 0, "description": "Per second for rates, bytes for storage."}
                    }
                }
            }
        }
    })
}

fn scorecard() -> Value {
    let score = json!({"type": "integer", "minimum": 0, "maximum": 100});
    let line = json!({"type": "integer", "minimum": 1});
    json!({
        "type": "object",
        "description": "The answer graded on six dimensions, as an interviewer would.",
        "required": ["overall", "grade", "level", "dimensions", "fix_first"],
        "additionalProperties": false,
        "properties": {
            "overall": score,
            "grade": {"$ref": "#/definitions/grade"},
            "level": {"$ref": "#/definitions/level"},
            "dimensions": {
                "type": "array",
                "description": "The six dimensions, always all of them, in this order.",
                "minItems": DIMENSIONS.len(),
                "maxItems": DIMENSIONS.len(),
                "items": {
                    "type": "object",
                    "required": ["id", "name", "grade", "score", "evidence", "missing"],
                    "additionalProperties": false,
                    "properties": {
                        "id": {"type": "string", "enum": DIMENSIONS},
                        "name": {"type": "string"},
                        "grade": {"$ref": "#/definitions/grade"},
                        "score": score,
                        "evidence": {
                            "type": "array",
                            "description": "Lines that earned credit, trimmed.",
                            "items": {
                                "type": "object",
                                "required": ["line", "text"],
                                "additionalProperties": false,
                                "properties": {"line": line, "text": {"type": "string"}}
                            }
                        },
                        "missing": {
                            "type": "array",
                            "description": "Rules of this dimension that fired, each with what to do; `line` only for a finding on a line.",
                            "items": {
                                "type": "object",
                                "required": ["rule", "how"],
                                "additionalProperties": false,
                                "properties": {"rule": {"type": "string"}, "line": line, "how": {"type": "string"}}
                            }
                        }
                    }
                }
            },
            "fix_first": {
                "type": "array",
                "description": "The changes that would raise the score most, best first.",
                "maxItems": 3,
                "items": {
                    "type": "object",
                    "required": ["rule", "how"],
                    "additionalProperties": false,
                    "properties": {
                        "rule": {"type": "string"},
                        "line": line,
                        "stage": {"type": "string", "description": "The stage where the missing piece belongs."},
                        "how": {"type": "string"}
                    }
                }
            }
        }
    })
}

/// The schema of the whole `--format json` output.
pub fn output_schema() -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "mlsd check --format json",
        "description": "The report of `mlsd check --format json` (version 1). Generated by `mlsd schema --output`; do not edit by hand.",
        "type": "object",
        "required": ["version", "files", "summary"],
        "additionalProperties": false,
        "properties": {
            "version": {"const": 1},
            "files": {
                "type": "array",
                "description": "Every file named or found, in a stable order.",
                "items": {"oneOf": [
                    {
                        "type": "object",
                        "description": "A linted file.",
                        "required": ["path", "diagnostics"],
                        "additionalProperties": false,
                        "properties": {
                            "path": {"type": "string"},
                            "diagnostics": {"type": "array", "items": {"$ref": "#/definitions/diagnostic"}},
                            "profile": {"$ref": "#/definitions/profile"},
                            "scorecard": {"$ref": "#/definitions/scorecard"}
                        }
                    },
                    {
                        "type": "object",
                        "description": "A file that could not be linted.",
                        "required": ["path", "error"],
                        "additionalProperties": false,
                        "properties": {"path": {"type": "string"}, "error": {"type": "string"}}
                    }
                ]}
            },
            "summary": {
                "type": "object",
                "required": ["files", "error", "warning", "info", "hint"],
                "additionalProperties": false,
                "properties": {
                    "files": {"type": "integer", "minimum": 0},
                    "error": {"type": "integer", "minimum": 0},
                    "warning": {"type": "integer", "minimum": 0},
                    "info": {"type": "integer", "minimum": 0},
                    "hint": {"type": "integer", "minimum": 0}
                }
            }
        },
        "definitions": {
            "position": position(),
            "range": range(),
            "severity": {"type": "string", "enum": ["error", "warning", "info", "hint"]},
            "level": {"type": "string", "enum": ["L3", "L4", "L5", "L6"]},
            "grade": {"type": "string", "enum": ["missing", "weak", "good", "great"]},
            "diagnostic": diagnostic(),
            "profile": profile(),
            "scorecard": scorecard(),
            "progress": super::progress::schema()
        }
    })
}
