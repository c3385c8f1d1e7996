#pragma once

#include <rexorm/graphql/parser.h>

namespace RexOrm::GraphQL {

// The tokens of the GraphQL grammar (specification section 2.1).
struct Token
{
    enum Kind {
        StartOfFile,
        EndOfFile,
        Bang,
        Dollar,
        Amp,
        ParenL,
        ParenR,
        Spread,
        Colon,
        Equals,
        At,
        BracketL,
        BracketR,
        BraceL,
        Pipe,
        BraceR,
        Name,
        Int,
        Float,
        String,
        BlockString,
    };
    Kind kind = StartOfFile;
    qsizetype start = 0;
    qsizetype end = 0;
    int line = 1;
    int column = 1;
    QString value; // names, numbers, and strings with escapes resolved

    SourceLocation location() const { return {line, column, start}; }
    static QString kindDescription(Kind kind); // "Name", "\"{\"", "<EOF>"
    QString description() const;               // kind, then the value: Name "foo"
};

// Reads tokens one at a time, skipping ignored tokens (whitespace, line terminators, commas,
// comments, the byte order mark). Throws SyntaxError with the position of the offending text.
class Lexer
{
public:
    explicit Lexer(const QString &source);

    const Token &token() const { return m_token; }
    const Token &advance();  // moves to the next token and returns it
    Token lookahead() const; // the token after the current one

    [[noreturn]] void fail(qsizetype position, const QString &message) const;

private:
    void skipIgnored();
    Token make(Token::Kind kind, qsizetype start, qsizetype end, QString value = {}) const;
    Token readNumber(qsizetype start);
    Token readString(qsizetype start);
    Token readBlockString(qsizetype start);
    void newLine(qsizetype next);
    QString describeCharacter(qsizetype position) const;
    SourceLocation locate(qsizetype position) const;

    const QString *m_source;
    Token m_token;
    qsizetype m_position = 0;
    int m_line = 1;
    qsizetype m_lineStart = 0;
};

} // namespace RexOrm::GraphQL
