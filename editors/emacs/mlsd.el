;;; mlsd.el --- Eglot setup for the mlsd language server  -*- lexical-binding: t; -*-

;; Install: have `mlsd' on your PATH (`cargo install --path .' in the mlsd repository), put this
;; file on your `load-path' and add (require 'mlsd) to your init; M-x eglot in a draft starts it.

;; Package-Requires: ((emacs "28.1") (eglot "1.9"))
;; Keywords: languages, tools

;;; Commentary:

;; mlsd lints Markdown answers to ML system design interview questions.  This file registers
;; `mlsd server' with Eglot for Markdown buffers (markdown-mode, gfm-mode, markdown-ts-mode)
;; and adds a few commands.  To start it automatically in every Markdown buffer:
;;
;;   (add-hook 'markdown-mode-hook #'eglot-ensure)
;;
;; Only drafts are linted: Markdown files whose front matter has an mlsd key (level, company,
;; type, minutes, question) or that a .mlsd.toml covers.  Set `mlsd-settings' to
;; '(:enable "always") to lint every Markdown file.
;;
;; Eglot runs one server per major mode, so mlsd takes the place of any other Markdown server
;; (such as marksman) that `eglot-server-programs' lists for these modes.
;;
;; Commands:
;;   `mlsd-fix-all'                apply every safe fix (as `mlsd check --fix')
;;   `mlsd-add-missing-sections'   add every missing stage section
;;   `mlsd-insert-skeleton'        fill an empty draft with the interview skeleton
;;   `mlsd-show-rule'              show a rule's documentation
;;   `mlsd-show-scorecard'         show the draft's scorecard (server command
;;                                 `mlsd.showScorecard'; Eglot shows no code lenses)
;; Quick fixes are in `eglot-code-actions'.

;;; Code:

(require 'eglot)
(require 'cl-lib)

(defgroup mlsd nil
  "Lint ML system design practice answers."
  :group 'tools
  :prefix "mlsd-")

(defcustom mlsd-command '("mlsd" "server")
  "How to start the mlsd language server: the program, then its arguments."
  :type '(repeat string))

(defcustom mlsd-major-modes '(markdown-mode gfm-mode markdown-ts-mode)
  "Major modes in which Eglot uses mlsd.
Set this before loading mlsd.el."
  :type '(repeat symbol))

(defcustom mlsd-settings nil
  "Settings for the mlsd server, as a plist.
Keys: :enable (\"auto\", \"always\" or \"never\"), :level (\"L3\" to
\"L6\", or a company ladder's name such as \"E5\" or \"L7\"),
:wordsPerMinute, :minutes, :rules (a plist from rule id to \"off\",
\"error\", \"warning\", \"info\" or \"hint\") and :docsBaseUrl.
Example: (:level \"L6\" :rules (:missing-diagram \"off\")).

Sent as the server's initialization options and as the `mlsd'
configuration section.  A `:mlsd' section in
`eglot-workspace-configuration' (say, in a project's
.dir-locals.el) takes precedence.  After changing it, run
\\[eglot-signal-didChangeConfiguration] (the server then asks for
the `mlsd' section again and gets the new value), or restart the
server with \\[eglot-reconnect]."
  :type 'plist)

(defclass mlsd-eglot-server (eglot-lsp-server) ()
  :documentation "The mlsd language server.")

(defun mlsd--settings-object ()
  "`mlsd-settings' as a JSON object (never null)."
  (or mlsd-settings (make-hash-table)))

(cl-defmethod eglot-initialization-options ((_server mlsd-eglot-server))
  "Send `mlsd-settings' as initializationOptions."
  (mlsd--settings-object))

(cl-defmethod eglot-handle-request
  ((_server mlsd-eglot-server) (_method (eql workspace/configuration)) &key items)
  "Answer the `mlsd' section of the configuration ITEMS from `mlsd-settings'.
Only when the workspace configuration has no such section.  The server
would keep its initialization options on a null answer anyway; answering
lets \\[eglot-signal-didChangeConfiguration] apply a changed
`mlsd-settings' without a restart."
  (let ((answers (cl-call-next-method)))
    (cl-loop for item across items
             for i from 0
             when (and (equal (plist-get item :section) "mlsd")
                       (null (aref answers i)))
             do (aset answers i (mlsd--settings-object)))
    answers))

(defun mlsd-eglot-contact (&optional _interactive)
  "The Eglot contact for mlsd: its server class and `mlsd-command'."
  (cons 'mlsd-eglot-server mlsd-command))

(add-to-list 'eglot-server-programs
             (cons (mapcar (lambda (mode) (list mode :language-id "markdown")) mlsd-major-modes)
                   #'mlsd-eglot-contact))

(defun mlsd--server ()
  "The mlsd server of the current buffer, or an error."
  (let ((server (eglot-current-server)))
    (unless (and server (cl-typep server 'mlsd-eglot-server))
      (user-error "The mlsd server is not running for this buffer (M-x eglot starts it)"))
    server))

(defun mlsd--source-action (kind)
  "Run the mlsd source action KIND on the whole buffer."
  (mlsd--server)
  (eglot-code-actions (point-min) (point-max) kind t))

(defun mlsd-fix-all ()
  "Apply every safe mlsd fix to the buffer."
  (interactive)
  (mlsd--source-action "source.fixAll.mlsd"))

(defun mlsd-add-missing-sections ()
  "Add every missing stage section at its place in interview order."
  (interactive)
  (mlsd--source-action "source.addMissingSections.mlsd"))

(defun mlsd-insert-skeleton ()
  "Insert the interview skeleton into an empty draft."
  (interactive)
  (mlsd--source-action "source.insertSkeleton.mlsd"))

(defun mlsd--uri ()
  "The URI of the current buffer's file."
  (if (fboundp 'eglot-path-to-uri)
      (eglot-path-to-uri (buffer-file-name))
    (eglot--path-to-uri (buffer-file-name))))

(defun mlsd--rule-at-point ()
  "The rule id of the first mlsd diagnostic at point, or nil."
  (cl-loop for diag in (flymake-diagnostics (line-beginning-position) (line-end-position))
           for lsp = (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data diag)))
           for code = (and lsp (plist-get lsp :code))
           when (stringp code) return code))

(defun mlsd-show-rule (id)
  "Show the documentation of rule ID (default: the finding on this line)."
  (interactive
   (let ((here (mlsd--rule-at-point)))
     (list (read-string (if here (format "Rule id (default %s): " here) "Rule id: ")
                        nil nil here))))
  (let* ((server (mlsd--server))
         (text (eglot-execute-command server 'mlsd.showRule
                                      (vector id (mlsd--uri)))))
    (with-current-buffer (get-buffer-create "*mlsd rule*")
      (let ((inhibit-read-only t))
        (erase-buffer)
        (insert (if (stringp text) text (format "%S" text)))
        (goto-char (point-min))
        (when (fboundp 'markdown-view-mode) (markdown-view-mode))
        (setq buffer-read-only t))
      (display-buffer (current-buffer)))))

(defun mlsd-show-scorecard ()
  "Show the draft's scorecard: six dimensions, their grades and what to fix first."
  (interactive)
  (let ((text (eglot-execute-command (mlsd--server) 'mlsd.showScorecard
                                     (vector (mlsd--uri)))))
    (with-current-buffer (get-buffer-create "*mlsd scorecard*")
      (let ((inhibit-read-only t))
        (erase-buffer)
        (insert (if (stringp text) text (format "%S" text)))
        (goto-char (point-min))
        (when (fboundp 'markdown-view-mode) (markdown-view-mode))
        (setq buffer-read-only t))
      (display-buffer (current-buffer)))))

(provide 'mlsd)
;;; mlsd.el ends here
