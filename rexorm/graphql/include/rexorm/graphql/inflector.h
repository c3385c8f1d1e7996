#pragma once

#include <rexorm/graphql/global.h>

#include <QtCore/QString>
#include <QtCore/QStringList>

// English inflection for the names of the generated GraphQL API: a table or entity name becomes
// a type name (users -> User, categories -> Category, people -> Person, invoice_line ->
// InvoiceLine) and field names in the singular and the plural (user, users; invoiceLine,
// invoiceLines). Only the last word of a compound name is inflected.
namespace RexOrm::GraphQL::Inflector {

REXORM_GRAPHQL_EXPORT QString singularize(const QString &word);
REXORM_GRAPHQL_EXPORT QString pluralize(const QString &word);

// "invoice_line", "InvoiceLine", "invoice-lines", "invoiceLines" -> {"invoice", "line(s)"}
REXORM_GRAPHQL_EXPORT QStringList words(const QString &name);

REXORM_GRAPHQL_EXPORT QString typeName(const QString &name);      // InvoiceLine
REXORM_GRAPHQL_EXPORT QString singularField(const QString &name); // invoiceLine
REXORM_GRAPHQL_EXPORT QString pluralField(const QString &name);   // invoiceLines
REXORM_GRAPHQL_EXPORT QString fieldName(const QString &name);     // unit_price -> unitPrice

} // namespace RexOrm::GraphQL::Inflector
