;;; test.el --- Batch end-to-end test of mlsd.el in Emacs with Eglot  -*- lexical-binding: t; -*-

;; Run by test.sh as: emacs --batch -l test.el
;; Environment: MLSD_BIN (the server binary), MLSD_EMACS_DIR (editors/emacs),
;; MLSD_EMACS_WORK (a folder holding weak.md and blank.md).
;; Prints PASS/FAIL lines; exits 1 on any failure.

;;; Code:

(require 'cl-lib)
(require 'subr-x)
(require 'eglot)

(defvar mlsd-test-bin (getenv "MLSD_BIN"))
(defvar mlsd-test-work (getenv "MLSD_EMACS_WORK"))
(defvar mlsd-test-passed 0)
(defvar mlsd-test-failed 0)
(defvar mlsd-test-start (float-time))

(defun mlsd-test-say (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n")))

(defun mlsd-test-check (name ok &optional detail)
  (if ok
      (progn (cl-incf mlsd-test-passed)
             (mlsd-test-say "PASS %s%s" name (if detail (format "  (%s)" detail) "")))
    (cl-incf mlsd-test-failed)
    (mlsd-test-say "FAIL %s%s" name (if detail (format "  -- %s" detail) "")))
  ok)

(defun mlsd-test-wait (seconds pred)
  "Run the event loop (process output, timers, post-command hooks) until PRED or SECONDS."
  (let ((end (+ (float-time) seconds)) value)
    (while (and (not (setq value (funcall pred))) (< (float-time) end))
      (accept-process-output nil 0.05)
      ;; What the command loop would do after each command (eglot-ensure and flymake's
      ;; deferred start hang on it), and what happens when the user pauses: batch Emacs
      ;; never goes idle, so run the idle timers (Eglot sends buffer changes from one).
      (run-hooks 'post-command-hook)
      (mlsd-test-run-idle-timers))
    value))

(defun mlsd-test-run-idle-timers ()
  "Run the pending idle timers once, as an idle pause in an interactive session would."
  (dolist (timer (copy-sequence timer-idle-list))
    (when (memq timer timer-idle-list)
      (timer-event-handler timer))))

;; A Markdown major mode: markdown-mode when installed (Debian: elpa-markdown-mode), else a
;; stand-in derived from text-mode.
(define-derived-mode mlsd-test-mode text-mode "mlsd-test"
  "Stand-in for markdown-mode in this test.")
(defvar mlsd-test-markdown (and (not (getenv "MLSD_EMACS_STANDIN_MODE"))
                                (require 'markdown-mode nil t)))
(defvar mlsd-test-major (if mlsd-test-markdown 'markdown-mode 'mlsd-test-mode))

(setq mlsd-major-modes (list mlsd-test-major))
(add-to-list 'load-path (getenv "MLSD_EMACS_DIR"))
(require 'mlsd)
(setq mlsd-command (list mlsd-test-bin "server"))
;; One rule switched off through the settings, to prove they reach the server.
(setq mlsd-settings '(:rules (:missing-diagram "off")))

(defun mlsd-test-codes ()
  "Rule ids of the flymake diagnostics in the current buffer."
  (delete-dups
   (cl-loop for d in (flymake-diagnostics)
            for lsp = (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))
            for code = (and lsp (plist-get lsp :code))
            when code collect code)))

(defun mlsd-test-open (file)
  (find-file (expand-file-name file mlsd-test-work))
  (unless (eq major-mode mlsd-test-major) (funcall mlsd-test-major))
  (eglot-ensure)
  (current-buffer))

(cl-defun mlsd-test-run ()
  (mlsd-test-say "Emacs %s, eglot from %s, major mode %s, server %s"
                 emacs-version (locate-library "eglot") mlsd-test-major mlsd-test-bin)
  (mlsd-test-check "mlsd.el registers mlsd in eglot-server-programs"
                   (cl-some (lambda (entry)
                              (and (eq (cdr entry) #'mlsd-eglot-contact)
                                   (assoc mlsd-test-major (car entry))))
                            eglot-server-programs))
  ;; 1. The weak draft: eglot-ensure connects, diagnostics reach flymake.
  (let* ((buf (mlsd-test-open "weak.md"))
         (t0 (float-time))
         (server (mlsd-test-wait 20 (lambda () (with-current-buffer buf (eglot-current-server))))))
    (with-current-buffer buf
      (unless (mlsd-test-check "eglot-ensure starts mlsd for the buffer"
                               (and server (cl-typep server 'mlsd-eglot-server))
                               (format "%.1f s" (- (float-time) t0)))
        (cl-return-from mlsd-test-run))
      (let ((codes (mlsd-test-wait 20 (lambda () (let ((c (mlsd-test-codes)))
                                                   (and (member "missing-data" c) c))))))
        (mlsd-test-check "flymake shows mlsd diagnostics" codes
                         (format "%d rule ids after %.1f s" (length codes) (- (float-time) t0)))
        (dolist (id '("missing-data" "vague-term" "missing-baseline"))
          (mlsd-test-check (format "diagnostic rule id %s" id) (member id codes)))
        (mlsd-test-check "mlsd-settings reach the server (rules.missing-diagram = off)"
                         (not (member "missing-diagram" codes))
                         (string-join codes ",")))
      ;; 2. Hover on a stage heading, through Eglot's connection.
      (goto-char (point-min))
      (re-search-forward "^## Model")
      (let* ((hover (jsonrpc-request server :textDocument/hover
                                     (eglot--TextDocumentPositionParams)))
             (value (plist-get (plist-get hover :contents) :value)))
        (mlsd-test-check "hover on '## Model' returns stage guidance"
                         (and (stringp value) (string-match-p "Time:" value))
                         (and (stringp value) (car (split-string value "\n")))))
      ;; 3. mlsd-fix-all: a source code action chosen and applied by Eglot.
      (let ((before (count-lines (point-min) (point-max))))
        (mlsd-fix-all)
        (mlsd-test-check "mlsd-fix-all adds the missing Data and Features sections"
                         (save-excursion
                           (goto-char (point-min))
                           (and (re-search-forward "^## Data" nil t)
                                (re-search-forward "^## Features" nil t)))
                         (format "%d -> %d lines" before (count-lines (point-min) (point-max)))))
      (let ((gone (mlsd-test-wait 10 (lambda ()
                                       (let ((c (mlsd-test-codes)))
                                         (and c (not (member "missing-data" c))))))))
        (mlsd-test-check "after the re-lint missing-data is gone from flymake" gone))
      ;; 4. mlsd-show-rule (workspace/executeCommand).
      (mlsd-show-rule "missing-data")
      (let ((text (with-current-buffer "*mlsd rule*" (buffer-string))))
        (mlsd-test-check "mlsd-show-rule shows the rule's documentation"
                         (string-match-p "missing-data" text)
                         (format "%d lines" (length (split-string text "\n")))))
      ;; 4b. mlsd-show-scorecard (workspace/executeCommand mlsd.showScorecard).
      (mlsd-show-scorecard)
      (let ((text (with-current-buffer "*mlsd scorecard*" (buffer-string))))
        (mlsd-test-check "mlsd-show-scorecard shows six dimensions"
                         (cl-every (lambda (d) (string-match-p (concat "\n  " d " ") text))
                                   '("framing" "data" "modeling" "integration" "tradeoffs"
                                     "communication"))
                         (format "%d lines" (length (split-string text "\n")))))
      ;; 5. A changed `mlsd-settings' applies without a restart: Eglot's settings signal
      ;; carries no `mlsd' section, the server asks for it, and mlsd.el answers.
      (mlsd-test-check "mlsd-settings still in force after the configuration exchange"
                       (let ((codes (mlsd-test-codes)))
                         (and codes (not (member "missing-diagram" codes)))))
      (let ((saved mlsd-settings)
            (t1 (float-time)))
        (setq mlsd-settings nil)
        (unwind-protect
            (progn
              (eglot-signal-didChangeConfiguration server)
              (mlsd-test-check
               "a changed mlsd-settings applies after eglot-signal-didChangeConfiguration"
               (mlsd-test-wait 10 (lambda () (member "missing-diagram" (mlsd-test-codes))))
               (format "missing-diagram back after %.1f s" (- (float-time) t1))))
          (setq mlsd-settings saved)))))
  ;; 6. Completion in a nearly empty draft offers the skeleton (Eglot's capf).
  (let* ((buf (mlsd-test-open "blank.md")))
    (with-current-buffer buf
      (mlsd-test-wait 20 (lambda () (eglot-current-server)))
      (goto-char (point-max))
      (let* ((capf (eglot-completion-at-point))
             (table (nth 2 capf))
             (labels (and table (all-completions "" table))))
        (mlsd-test-check "completion-at-point offers the skeleton"
                         (cl-some (lambda (l) (string-match-p "skeleton" l)) labels)
                         (format "%d candidates" (length labels))))
      ;; 7. mlsd-insert-skeleton fills it.
      (mlsd-insert-skeleton)
      (mlsd-test-check "mlsd-insert-skeleton inserts the stage headings"
                       (save-excursion
                         (goto-char (point-min))
                         (re-search-forward "^## Clarifying questions" nil t))
                       (format "%d lines" (count-lines (point-min) (point-max)))))))

(condition-case err
    (mlsd-test-run)
  (error (mlsd-test-check "test ran to the end" nil (error-message-string err))))

(ignore-errors (eglot-shutdown-all))
(mlsd-test-say "emacs e2e: %d PASS, %d FAIL in %.1f s"
               mlsd-test-passed mlsd-test-failed (- (float-time) mlsd-test-start))
(kill-emacs (if (zerop mlsd-test-failed) 0 1))

;;; test.el ends here
