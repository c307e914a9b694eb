// Activity kinds in the browser. Each module exports:
//   phone(root, activity, ctx)   draw the participant's UI
//   staff(root, activity, ctx)   draw the console (ctx.view === "console", with controls) or projector
//   apply(activity, event)       update activity.state from an activity_event delta
//   acked(activity, item, ack)   optional: the server acknowledged one of this phone's outbox items
//   presence(activity, row, known)  optional, console: a participant connected or left; true to redraw
// Phone redraws keep what is typed in any input/textarea/select that has a stable id (give every
// field an id derived from the activity key); a field that must show the server's value instead
// carries data-server-value.
"use strict";

import * as open from "./open.js";
import * as poll from "./poll.js";
import * as notes from "./notes.js";
import * as plan from "./plan.js";
import * as share from "./share.js";
import * as checklist from "./checklist.js";
import * as board from "./board.js";
import * as breakout from "./breakout.js";
import * as check from "./check.js";
import * as evaluation from "./evaluation.js";
import { withMyHandout } from "./roleshandout.js";

export const KINDS = { open, poll, notes, plan, share, checklist, board, breakout, check, evaluation };
// Under the Handout 4.3 roles board, phones also get My Handout 4.3 (copy the room's ideas).
KINDS.board = withMyHandout(KINDS.board);
