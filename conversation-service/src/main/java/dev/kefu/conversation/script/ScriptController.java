package dev.kefu.conversation.script;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The reply-script catalogue agents pick from, optionally one sales stage (pre-sale, in-sale, after-sale, review). */
@RestController
@RequestMapping("/api/scripts")
class ScriptController {

    private final ScriptCatalog scripts;

    ScriptController(ScriptCatalog scripts) {
        this.scripts = scripts;
    }

    @GetMapping
    List<Script> all(@RequestParam(required = false) String stage) {
        return scripts.all().stream().filter(s -> stage == null || s.stage().equals(stage)).toList();
    }
}
