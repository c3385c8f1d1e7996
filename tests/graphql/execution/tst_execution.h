#pragma once

#include <QtCore/QObject>

// The GraphQL executor: fields, fragments, variables, null propagation, errors, abstract types,
// mutations, introspection and limits (tst_execution.cpp; the class is apart from the raw-string
// GraphQL text, which moc cannot read).
class tst_Execution : public QObject
{
    Q_OBJECT

private slots:
    void fieldsAliasesAndOrder();
    void nestedWithArgumentDefaults();
    void skipAndInclude();
    void lookaheadSeesMergedFields();
    void variableCoercion();
    void nullPropagation();
    void partialResultsAndErrors();
    void abstractTypes();
    void mutationsRunInOrder();
    void operationSelection();
    void unreadableSkipCondition();
    void customScalarsAndDecimals();
    void introspection();
    void limits();
};
