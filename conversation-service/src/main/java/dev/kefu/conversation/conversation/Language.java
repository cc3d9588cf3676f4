package dev.kefu.conversation.conversation;

/** Which of the scripts' languages a buyer writes in, judged by script: Hangul → ko, Han → zh, Latin → en. */
final class Language {

    private Language() {
    }

    static String of(String text) {
        int han = 0;
        int hangul = 0;
        int latin = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            Character.UnicodeScript script = Character.UnicodeScript.of(c);
            if (script == Character.UnicodeScript.HANGUL) {
                hangul++;
            } else if (script == Character.UnicodeScript.HAN) {
                han++;
            } else if (script == Character.UnicodeScript.LATIN) {
                latin++;
            }
            i += Character.charCount(c);
        }
        if (hangul > 0 && hangul >= han) {
            return "ko";
        }
        if (han > 0) {
            return "zh";
        }
        return latin > 0 ? "en" : null;
    }
}
