#!/bin/sh
# Refresh the Chinese translation after UI strings changed, from the repository root:
#     sh resources/translations/update.sh
# 1. lupdate collects every self.tr() / translate("Context", ...) string of designer/ui and
#    main.py into callscript_zh_CN.ts (a string moved to another context keeps its translation
#    through lupdate's same-text heuristic, marked unfinished for review);
# 2. translate the new entries (type="unfinished") in Qt Linguist or any editor;
#    tests/ui/test_i18n.py fails while one is left, or when a translation loses a {placeholder};
# (-locations none: line numbers would change with every edit of a UI file.)
# 3. lrelease compiles the .qm the application loads. Commit both files.
set -e
cd "$(dirname "$0")/../.."
BIN=${PYSIDE_BIN:-.venv/bin}
FILES=$(find designer/ui -name '*.py' | sort)
[ -f main.py ] && FILES="$FILES main.py"
"$BIN/pyside6-lupdate" -no-obsolete -locations none -target-language zh_CN $FILES -ts resources/translations/callscript_zh_CN.ts
"$BIN/pyside6-lrelease" resources/translations/callscript_zh_CN.ts -qm resources/translations/callscript_zh_CN.qm
