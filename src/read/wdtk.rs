//! `correspondence.txt` of a WhatDoTheyKnow (Alaveteli) download: the whole
//! request thread as plain text, one `Part::Message` per message.
//!
//! Shape (Alaveteli `request/show.text.erb` and its partials): a preamble
//! ("This is a plain-text version of the Freedom of Information request
//! ..."), then each event after a line of 31 dashes (20+ accepted here);
//! each message starts with `From:`, `To:` and `Date:` lines, then the
//! body; incoming messages end with `Attachment: <name> (<size>)` lines.
//! Dates are written in words (`2 March 2020`) and read to ISO dates.

use super::decode::decode_text;
use super::text::paragraphs;
use super::{Extracted, Input, ReadError, Reader};
use crate::doc::{Body, Message, Part};
use regex::Regex;
use std::sync::LazyLock;

/// Reader for WhatDoTheyKnow `correspondence.txt`.
pub struct WdtkReader;

impl Reader for WdtkReader {
    fn read(&self, input: &Input) -> Result<Extracted, ReadError> {
        let (text, _) = decode_text(input.bytes);
        let thread = parse_thread(&text, input.path);
        let mut out = Extracted::default();
        if thread.messages.is_empty() {
            out.warnings
                .push("no messages found in the WhatDoTheyKnow thread".into());
        }
        if !thread.preamble.trim().is_empty() {
            out.parts.push(Part::Body(Body {
                name: "thread header".into(),
                blocks: paragraphs(&thread.preamble, input.path, "thread header"),
            }));
        }
        out.parts
            .extend(thread.messages.into_iter().map(Part::Message));
        Ok(out)
    }
}

/// A parsed thread: the text before the first message and the messages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Thread {
    pub preamble: String,
    pub messages: Vec<Message>,
}

static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*-{20,}\s*$").unwrap());
static HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(From|To|Date|Subject):(.*)$").unwrap());
static ATTACHMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*Attachment:\s*(.+?)\s*\(([^()]*)\)\s*$").unwrap());

/// True when `text` has the shape of a WhatDoTheyKnow thread: the
/// plain-text preamble, or a dash rule followed by `From:`/`To:`/`Date:`
/// headers.
pub fn looks_like_thread(text: &str) -> bool {
    if text.contains("This is a plain-text version of the Freedom of Information request") {
        return true;
    }
    let lines: Vec<&str> = text.lines().take(400).collect();
    lines.iter().enumerate().any(|(i, line)| {
        if !SEPARATOR.is_match(line) {
            return false;
        }
        let headers: Vec<String> = lines[i + 1..]
            .iter()
            .filter(|l| !l.trim().is_empty())
            .take(3)
            .filter_map(|l| HEADER.captures(l).map(|c| c[1].to_string()))
            .collect();
        headers.len() == 3
            && headers.iter().any(|h| h == "From")
            && headers.iter().any(|h| h == "Date")
    })
}

/// Split a thread into its preamble and messages (1-based `index` in thread
/// order, provenance part `message <index>`).
pub fn parse_thread(text: &str, file: &str) -> Thread {
    let mut blocks: Vec<Vec<&str>> = vec![Vec::new()];
    for line in text.lines() {
        if SEPARATOR.is_match(line) {
            blocks.push(Vec::new());
        } else if let Some(last) = blocks.last_mut() {
            last.push(line);
        }
    }
    let mut thread = Thread::default();
    let mut first = true;
    for block in blocks {
        let is_preamble = first && !starts_with_headers(&block);
        first = false;
        if is_preamble {
            thread.preamble = trimmed_lines(&block).join("\n");
            continue;
        }
        if block.iter().all(|l| l.trim().is_empty()) {
            continue;
        }
        let index = thread.messages.len() as u32 + 1;
        thread.messages.push(parse_message(&block, index, file));
    }
    thread
}

fn starts_with_headers(block: &[&str]) -> bool {
    block
        .iter()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| HEADER.is_match(l))
}

fn trimmed_lines<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    lines.iter().map(|l| l.trim()).collect()
}

fn parse_message(block: &[&str], index: u32, file: &str) -> Message {
    let mut message = Message {
        index,
        ..Default::default()
    };
    let mut rest = block.iter().skip_while(|l| l.trim().is_empty()).peekable();
    while let Some(caps) = rest.peek().and_then(|l| HEADER.captures(l)) {
        let value = caps[2].trim().trim_start_matches(',').trim().to_string();
        match &caps[1] {
            "From" => message.from = Some(value).filter(|v| !v.is_empty()),
            "To" => message.to = Some(value).filter(|v| !v.is_empty()).into_iter().collect(),
            "Date" => message.date = Some(parse_date(&value).unwrap_or(value)),
            _ => message.subject = Some(value).filter(|v| !v.is_empty()),
        }
        rest.next();
    }
    let mut body = Vec::new();
    for line in rest {
        if let Some(caps) = ATTACHMENT.captures(line) {
            message.attachments.push(caps[1].to_string());
        } else {
            body.push(line.trim_start());
        }
    }
    let part = format!("message {index}");
    message.blocks = paragraphs(&body.join("\n"), file, &part);
    message
}

/// Thread indices of the messages received from the authority, in order.
/// Alaveteli numbers the attachment files of a download by the position of
/// their message among these (`2_3_reply.pdf` = 2nd incoming message), so
/// this maps that number to the message's place in the thread. The first
/// message is the request; a later one is incoming when it is not from the
/// requester.
pub fn incoming_indices(messages: &[Message]) -> Vec<u32> {
    let requester = messages.first().and_then(|m| m.from.clone());
    messages
        .iter()
        .skip(1)
        .filter(|m| m.from.is_some() && m.from != requester)
        .map(|m| m.index)
        .collect()
}

/// An ISO 8601 date (or date-time, for RFC 822 dates) from the ways
/// Alaveteli and mail write dates (the words by the shared `crate::date`): `2 March 2020`, `March 2, 2020`,
/// `02/03/2020` (UK order), `2020-03-02`, `Mon, 2 Mar 2020 10:00:00 +0000`.
pub fn parse_date(text: &str) -> Option<String> {
    let t = text.trim();
    if let Some(d) = mail_parser::DateTime::parse_rfc822(t).filter(|d| d.is_valid()) {
        return Some(d.to_rfc3339());
    }
    crate::date::parse_day(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    const THREAD: &str = "This is a plain-text version of the Freedom of Information request \"Stop and search\".  The latest, full version is available online at https://example.org/request/stop_and_search.

-------------------------------

  From: Jane Smith
  To: Kent Police
  Date: 2 March 2020

  Dear Kent Police,

Please send the figures.

Yours faithfully,
Jane Smith

-------------------------------

  From:, Kent Police
  To: Jane Smith
  Date: 30 March 2020

  Dear Ms Smith,

The cost limit is \u{a3}450.
    Attachment: FOI 123-20 reply.pdf (12K)
    Attachment: Annex A (scans).xlsx (6K)
";

    #[test]
    fn parses_messages_headers_and_attachments() {
        let t = parse_thread(THREAD, "kent/x.zip/correspondence.txt");
        assert!(t.preamble.starts_with("This is a plain-text version"));
        assert_eq!(t.messages.len(), 2);
        let (a, b) = (&t.messages[0], &t.messages[1]);
        assert_eq!(
            (a.index, a.from.as_deref(), a.date.as_deref()),
            (1, Some("Jane Smith"), Some("2020-03-02"))
        );
        assert_eq!(a.to, ["Kent Police"]);
        assert_eq!(b.from.as_deref(), Some("Kent Police"));
        assert_eq!(
            b.attachments,
            ["FOI 123-20 reply.pdf", "Annex A (scans).xlsx"]
        );
        let texts: Vec<String> = b
            .blocks
            .iter()
            .map(|b| match b {
                crate::doc::Block::Paragraph(p) => p.text.clone(),
                crate::doc::Block::Table(_) => String::new(),
            })
            .collect();
        assert_eq!(texts, ["Dear Ms Smith,", "The cost limit is £450."]);
        assert_eq!(incoming_indices(&t.messages), [2]);
        assert!(looks_like_thread(THREAD));
        let bare = &THREAD[THREAD.find("----").unwrap()..];
        assert!(looks_like_thread(bare));
        assert!(!looks_like_thread(
            "Dear requester\n--------------------------\nThanks\n"
        ));
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2 March 2020").as_deref(), Some("2020-03-02"));
        assert_eq!(parse_date("March 2, 2020").as_deref(), Some("2020-03-02"));
        assert_eq!(parse_date("21st Sept 2021").as_deref(), Some("2021-09-21"));
        assert_eq!(parse_date("02/03/2020").as_deref(), Some("2020-03-02"));
        assert_eq!(parse_date("2020-03-02").as_deref(), Some("2020-03-02"));
        assert_eq!(
            parse_date("Mon, 2 Mar 2020 10:00:00 +0000").as_deref(),
            Some("2020-03-02T10:00:00Z")
        );
        assert_eq!(parse_date("sometime"), None);
        assert_eq!(parse_date("31 Foo 2020"), None);
    }
}
