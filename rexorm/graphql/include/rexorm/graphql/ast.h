#pragma once

#include <rexorm/graphql/global.h>

#include <QtCore/QString>

#include <memory>
#include <vector>

// The GraphQL document AST (GraphQL specification, October 2021, section 2): what the parser
// produces and validation and execution read. Nodes are plain values.
namespace RexOrm::GraphQL {

// Where a node starts in the source: 1-based line and column (in UTF-16 code units, as the
// specification's error locations and graphql-js count them), and the offset.
struct SourceLocation
{
    int line = 0;
    int column = 0;
    qsizetype offset = 0;
};

struct ObjectField;

struct Value
{
    enum Kind { Variable, Int, Float, String, Boolean, Null, Enum, List, Object };
    Kind kind = Null;
    QString text; // the variable or enum name, the number's digits, the string's value
    bool boolean = false;
    bool block = false; // a block string
    std::vector<Value> list;
    std::vector<ObjectField> fields;
    SourceLocation location;
};

struct ObjectField
{
    QString name;
    Value value;
    SourceLocation location;
};

struct Argument
{
    QString name;
    Value value;
    SourceLocation location;
};

struct Directive
{
    QString name;
    std::vector<Argument> arguments;
    SourceLocation location;
};

// A type reference: Name, [Type] or Type!.
struct REXORM_GRAPHQL_EXPORT TypeRef
{
    enum Kind { Named, List, NonNull };
    Kind kind = Named;
    QString name;                          // Named
    std::shared_ptr<const TypeRef> ofType; // List and NonNull
    SourceLocation location;

    QString toString() const; // "[Int!]!"
};

struct Selection;
using SelectionSet = std::vector<Selection>;

struct Selection
{
    enum Kind { Field, FragmentSpread, InlineFragment };
    Kind kind = Field;
    QString alias; // Field
    QString name;  // Field name, or the spread fragment's name
    std::vector<Argument> arguments;
    QString typeCondition; // InlineFragment; empty when it has none
    std::vector<Directive> directives;
    SelectionSet selectionSet;
    SourceLocation location;

    const QString &responseKey() const { return alias.isEmpty() ? name : alias; }
};

struct VariableDefinition
{
    QString name;
    std::shared_ptr<const TypeRef> type;
    std::shared_ptr<const Value> defaultValue; // null when there is none
    std::vector<Directive> directives;
    SourceLocation location;
};

enum class OperationType { Query, Mutation, Subscription };

// Type-system definitions (SDL). Executable documents must not contain them (validation rule
// 5.1.1); the parser reads them fully so that rule, and SDL tools, see them.
struct FieldDefinition;
struct InputValueDefinition
{
    QString description;
    QString name;
    std::shared_ptr<const TypeRef> type;
    std::shared_ptr<const Value> defaultValue;
    std::vector<Directive> directives;
    SourceLocation location;
};

struct FieldDefinition
{
    QString description;
    QString name;
    std::vector<InputValueDefinition> arguments;
    std::shared_ptr<const TypeRef> type;
    std::vector<Directive> directives;
    SourceLocation location;
};

struct EnumValueDefinition
{
    QString description;
    QString name;
    std::vector<Directive> directives;
    SourceLocation location;
};

struct Definition
{
    enum Kind {
        Operation,
        Fragment,
        Schema,
        Scalar,
        ObjectType,
        Interface,
        Union,
        Enum,
        InputObject,
        DirectiveDefinition,
    };
    Kind kind = Operation;
    bool extension = false; // "extend type ..." and friends

    // Operation and Fragment
    OperationType operation = OperationType::Query;
    QString name; // empty for an anonymous operation and for schema definitions
    std::vector<VariableDefinition> variables;
    QString typeCondition; // Fragment
    std::vector<Directive> directives;
    SelectionSet selectionSet;

    // Type system
    QString description;
    std::vector<std::pair<OperationType, QString>> rootTypes; // Schema
    std::vector<QString> interfaces;                          // ObjectType, Interface
    std::vector<FieldDefinition> fieldDefinitions;            // ObjectType, Interface
    std::vector<InputValueDefinition> inputFields;            // InputObject; directive args
    std::vector<QString> unionMembers;                        // Union
    std::vector<EnumValueDefinition> enumValues;              // Enum
    bool repeatable = false;                                  // DirectiveDefinition
    std::vector<QString> locations;                           // DirectiveDefinition

    SourceLocation location;

    bool isExecutable() const { return kind == Operation || kind == Fragment; }
};

struct Document
{
    std::vector<Definition> definitions;
};

REXORM_GRAPHQL_EXPORT QString operationTypeName(OperationType type); // "query", ...

} // namespace RexOrm::GraphQL
